import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { ListJobsCommand } from '@aws-sdk/client-s3-control';
import { S3RequestSigner } from '@s3bulk/core';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  ROLE,
  TAGGING,
  awsCli,
  controlClient,
  putManifest,
  reportOf,
  useServe,
  waitForJob,
} from './serve-harness.js';

const serve = useServe();

/** Wait (polling with the SDK: the CLI starts slowly) until the job is in one of `statuses`, then `aws s3control describe-job`. */
async function describeUntil(
  endpoint: string,
  emulator: ReturnType<typeof useEmulator>,
  jobId: string,
  statuses: readonly string[],
): Promise<Record<string, unknown>> {
  const client = controlClient(endpoint, emulator);
  await waitForJob(client, jobId, (job) => statuses.includes(job.Status ?? ''));
  client.destroy();
  const { Job } = (await awsCli(endpoint, emulator, ['describe-job', '--job-id', jobId])) as {
    Job: Record<string, unknown>;
  };
  return Job;
}

/** A valid SigV4 presigned URL (query authentication) for ListJobs, signed with a key the server accepts. */
function presign(endpoint: string, emulator: ReturnType<typeof useEmulator>): string {
  const { accessKeyId, secretAccessKey, region } = emulator.info;
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const scope = `${amzDate.slice(0, 8)}/${region}/s3/aws4_request`;
  const params: Record<string, string> = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '300',
    'X-Amz-SignedHeaders': 'host',
  };
  // Names in order and values with nothing but `/` to encode: already SigV4's canonical query.
  const query = new URLSearchParams(params).toString();
  const host = new URL(endpoint).host;
  const { signature } = new S3RequestSigner(region).signature(
    {
      method: 'GET',
      path: '/v20180820/jobs',
      query,
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      signedHeaders: ['host'],
    },
    secretAccessKey,
    amzDate,
  );
  return `${endpoint}/v20180820/jobs?${query}&X-Amz-Signature=${signature}`;
}

describe('s3bulk serve: the AWS CLI (aws s3control)', () => {
  const emulator = useEmulator();

  it('create-job waits in Suspended until update-job-status Ready, then runs to Complete with its report', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-cli');
    const reports = await emulator.createBucket('serve-cli-reports');
    await emulator.putObjects(bucket, { 'a.txt': 'a', 'b c.txt': 'b', 'd/e.txt': 'e' });
    const manifest = await putManifest(emulator, bucket, [
      'a.txt',
      'b c.txt',
      'd/e.txt',
      'gone.txt',
    ]);
    const server = await serve(emulator.processEnv());
    const create = [
      'create-job',
      '--operation',
      JSON.stringify(TAGGING),
      '--manifest',
      JSON.stringify(manifest),
      '--report',
      JSON.stringify(reportOf(reports, 'cli')),
      '--priority',
      '10',
      '--role-arn',
      ROLE,
      '--confirmation-required',
      '--client-request-token',
      `token-${bucket}`,
      '--description',
      'tag from the aws cli',
    ];

    // Act
    const { JobId: jobId } = (await awsCli(server.endpoint, emulator, create)) as { JobId: string };
    const again = await awsCli(server.endpoint, emulator, create);
    const suspended = await describeUntil(server.endpoint, emulator, jobId, [
      'Suspended',
      'Failed',
    ]);
    const listed = (await awsCli(server.endpoint, emulator, [
      'list-jobs',
      '--job-statuses',
      'Suspended',
    ])) as { Jobs: { JobId: string }[] };
    const priority = await awsCli(server.endpoint, emulator, [
      'update-job-priority',
      '--job-id',
      jobId,
      '--priority',
      '42',
    ]);
    const untouched = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }),
    );
    const confirmed = await awsCli(server.endpoint, emulator, [
      'update-job-status',
      '--job-id',
      jobId,
      '--requested-job-status',
      'Ready',
    ]);
    const done = await describeUntil(server.endpoint, emulator, jobId, ['Complete', 'Failed']);

    // Assess
    expect(again.JobId).toBe(jobId);
    // Preparing counted the manifest before asking for confirmation, as the service does.
    expect(suspended).toMatchObject({
      Status: 'Suspended',
      ConfirmationRequired: true,
      ProgressSummary: { TotalNumberOfTasks: 4, NumberOfTasksSucceeded: 0, NumberOfTasksFailed: 0 },
    });
    expect(listed.Jobs.map((j) => j.JobId)).toContain(jobId);
    expect(priority).toEqual({ JobId: jobId, Priority: 42 });
    expect(untouched.TagSet).toEqual([]);
    expect(confirmed).toMatchObject({ JobId: jobId, Status: 'Ready' });
    expect(done).toMatchObject({
      Status: 'Complete',
      Priority: 42,
      Description: 'tag from the aws cli',
      RoleArn: ROLE,
      JobArn: `arn:aws:s3:us-east-1:${ACCOUNT}:job/${jobId}`,
      ProgressSummary: { TotalNumberOfTasks: 4, NumberOfTasksSucceeded: 3, NumberOfTasksFailed: 1 },
    });
    const tags = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'b c.txt' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'served', Value: 'yes' }]);
    const rows = await reportRows(`s3://${reports}/cli/job-${jobId}/manifest.json`, emulator);
    expect(rows.map((r) => [r.key, r.status]).sort()).toEqual([
      ['a.txt', 'succeeded'],
      ['b c.txt', 'succeeded'],
      ['d/e.txt', 'succeeded'],
      ['gone.txt', 'failed'],
    ]);
  });

  it('refuses a request signed with the wrong secret, an unsigned one and a presigned URL, with 403', async () => {
    requireBuiltCli();
    // Prepare
    const server = await serve(emulator.processEnv());
    const wrong = controlClient(server.endpoint, emulator, 'not-the-secret');

    // Act
    const signed = await wrong.send(new ListJobsCommand({ AccountId: ACCOUNT })).catch((e) => e);
    const unsigned = await fetch(`${server.endpoint}/v20180820/jobs`, {
      headers: { 'x-amz-account-id': ACCOUNT },
    });
    const presigned = await fetch(presign(server.endpoint, emulator), {
      headers: { 'x-amz-account-id': ACCOUNT },
    });
    const cli = await awsCli(
      server.endpoint,
      {
        ...emulator,
        processEnv: () => ({ ...emulator.processEnv(), AWS_SECRET_ACCESS_KEY: 'wrong' }),
      } as never,
      ['list-jobs'],
    ).catch((e: Error) => e);

    // Assess
    expect(signed).toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code>');
    expect(String(cli)).toContain('SignatureDoesNotMatch');
    expect(presigned.status).toBe(403);
    const refusal = await presigned.text();
    expect(refusal).toContain('<Code>AccessDenied</Code>');
    expect(refusal).toContain('presigned');
    wrong.destroy();
  });
});
