import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListJobsCommand } from '@aws-sdk/client-batch';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { openControlPlane } from './control-plane.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** A loopback endpoint that answers every request with `body` and remembers the paths. */
async function endpoint(body: string): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    request.resume();
    request.on('end', () => response.end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, paths, server };
}

let s3: Awaited<ReturnType<typeof endpoint>>;
let batch: Awaited<ReturnType<typeof endpoint>>;

beforeAll(async () => {
  s3 = await endpoint('');
  batch = await endpoint('{"jobSummaryList":[]}');
});
afterAll(() => {
  s3.server.close();
  batch.server.close();
});
afterEach(() => vi.unstubAllEnvs());

describe('job: the control plane', () => {
  it('sends S3 to the job source side and AWS Batch to its own endpoint, never S3s', async () => {
    // Prepare
    vi.stubEnv('AWS_ENDPOINT_URL_BATCH', batch.url);
    vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
    const plane = openControlPlane({ aws: { region: 'eu-west-1', endpointUrl: s3.url } });

    // Act
    await plane.s3().send(new HeadBucketCommand({ Bucket: 'manifests' }));
    await (await plane.batch()).send(new ListJobsCommand({ jobQueue: 'q' }));
    plane.destroy();

    // Assess
    expect(s3.paths).toEqual(['/manifests/']);
    expect(batch.paths).toEqual(['/v1/listjobs']);
  });

  it('makes a client only when asked for it', async () => {
    // Prepare
    const plane = openControlPlane({ aws: { region: 'eu-west-1' } });

    // Act
    const first = await plane.s3Control();
    const second = await plane.s3Control();
    plane.destroy();

    // Assess
    expect(second).toBe(first);
  });
});

describe('job: the account that owns S3 Batch Operations jobs', () => {
  const sts = mockClient(STSClient);
  afterEach(() => sts.reset());

  it('is the one given, checked', async () => {
    // Prepare
    const plane = openControlPlane({ aws: { region: 'us-east-1' } });

    // Act
    const given = await plane.accountId('123456789012');
    const wrong = plane.accountId('12345');

    // Assess
    expect(given).toBe('123456789012');
    await expect(wrong).rejects.toThrow(ConfigError);
    await expect(wrong).rejects.toThrow('--account-id "12345" must be a 12-digit AWS account id');
    expect(sts.calls()).toHaveLength(0);
  });

  it('is the caller, from STS, when none is given', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).resolves({ Account: '210987654321' });
    const plane = openControlPlane({ aws: { region: 'us-east-1' } });

    // Act
    const account = await plane.accountId();

    // Assess
    expect(account).toBe('210987654321');
  });

  it('says to pass --account-id when STS cannot tell', async () => {
    // Prepare
    sts.on(GetCallerIdentityCommand).rejects(new Error('The security token is invalid'));
    const plane = openControlPlane({ aws: { region: 'us-east-1' } });

    // Act
    const account = plane.accountId();

    // Assess
    await expect(account).rejects.toThrow(
      'cannot find the account id (STS GetCallerIdentity failed: The security token is invalid); pass --account-id',
    );
  });
});
