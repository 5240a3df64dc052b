import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, tempDir } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  ROLE,
  controlClient,
  createJob,
  putManifest,
  reportOf,
  useServe,
  terminal,
  waitForJob,
} from './serve-harness.js';

const serve = useServe();
const proxies: RecordingProxy[] = [];
const others: Server[] = [];
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  for (const server of others) server.close();
});

/** The access key a recorded request was signed with (`Credential=<key>/...`). */
const signedWith = (authorization: unknown) =>
  /Credential=([^/]+)\//.exec(String(authorization ?? ''))?.[1] ?? '';

/**
 * An STS that refuses every AssumeRole as AWS does when the trust policy does not name the
 * caller: moto's STS hands credentials to anyone, so a refusal needs its own endpoint.
 */
async function refusingSts(): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::${ACCOUNT}:user/serve is not authorized to perform: sts:AssumeRole on resource: ${ROLE}</Message></Error><RequestId>refused</RequestId></ErrorResponse>`;
    res.writeHead(403, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  others.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('s3bulk serve: RoleArn assumed through STS', () => {
  const emulator = useEmulator();

  it("signs every S3 call of the job with the role's credentials from moto's STS", async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-role');
    const reports = await emulator.createBucket('serve-role-reports');
    const keys = ['a.txt', 'b.txt', 'c.txt'];
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    const manifest = await putManifest(emulator, bucket, keys);
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    proxies.push(proxy);
    // S3 through the recording proxy; STS straight to moto.
    const server = await serve(
      emulator.processEnv({
        AWS_ENDPOINT_URL: proxy.url,
        AWS_ENDPOINT_URL_STS: emulator.info.endpoint,
      }),
      await tempDir('s3bulk-serve-'),
    );
    const client = controlClient(server.endpoint, emulator);

    // Act
    const { JobId } = await client.send(
      createJob(`role-${bucket}`, { Manifest: manifest, Report: reportOf(reports, 'role') }),
    );
    const done = await waitForJob(client, JobId!, terminal);

    // Assess
    expect(done).toMatchObject({
      Status: 'Complete',
      ProgressSummary: { TotalNumberOfTasks: 3, NumberOfTasksSucceeded: 3 },
    });
    const tagging = proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('?tagging'));
    expect(tagging).toHaveLength(3);
    // The manifest read, every task and the report: none with the server's own key.
    const keysUsed = new Set(proxy.requests.map((r) => signedWith(r.headers.authorization)));
    expect([...keysUsed].every((key) => /^ASIA/.test(key))).toBe(true);
    expect(keysUsed.has(emulator.info.accessKeyId)).toBe(false);
    expect(proxy.requests.every((r) => typeof r.headers['x-amz-security-token'] === 'string')).toBe(
      true,
    );
    const tags = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'b.txt' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'served', Value: 'yes' }]);
    const rows = await reportRows(`s3://${reports}/role/job-${JobId}/manifest.json`, emulator);
    expect(rows).toHaveLength(3);
    client.destroy();
  });

  it('fails a job whose role STS refuses, without one S3 call; refuses a RoleArn that is no role', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-role-refused');
    await emulator.putObjects(bucket, { 'a.txt': 'a' });
    const manifest = await putManifest(emulator, bucket, ['a.txt']);
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    proxies.push(proxy);
    const server = await serve(
      emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url }),
      await tempDir('s3bulk-serve-'),
      ['--sts-endpoint-url', await refusingSts()],
    );
    const client = controlClient(server.endpoint, emulator);
    const create = (roleArn: string, token: string) =>
      createJob(`${token}-${bucket}`, { Manifest: manifest, RoleArn: roleArn });

    // Act
    const { JobId } = await client.send(create(ROLE, 'refused'));
    const failed = await waitForJob(client, JobId!, terminal);
    const garbage = await client.send(create('not-a-role', 'garbage')).catch((e: Error) => e);

    // Assess
    const reason = `Unable to assume role ${ROLE}: User: arn:aws:iam::${ACCOUNT}:user/serve is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`;
    expect(failed).toMatchObject({
      Status: 'Failed',
      FailureReasons: [{ FailureCode: 'AccessDenied', FailureReason: reason }],
      StatusUpdateReason: reason,
    });
    expect(proxy.requests).toEqual([]);
    expect(garbage).toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    expect(String((garbage as Error).message)).toContain('not an IAM role ARN');
    client.destroy();
  });
});
