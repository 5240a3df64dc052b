import {
  CreateJobCommand,
  DescribeJobCommand,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
} from '@aws-sdk/client-s3-control';
import { startRecordingProxy, useEmulator, type RecordedRequest } from '@s3bulk/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, tempDir, waitFor } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  ROLE,
  TAGGING,
  controlClient,
  putManifest,
  reportOf,
  startServe,
  terminal,
  waitForJob,
  type ServeProcess,
} from './serve-harness.js';

const servers: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const isTagging = (r: RecordedRequest) => r.method === 'PUT' && r.path.includes('?tagging');

function createJob(
  manifest: CreateJobCommandInput['Manifest'],
  reports: string,
  token: string,
  confirmation = false,
): CreateJobCommand {
  return new CreateJobCommand({
    AccountId: ACCOUNT,
    Operation: TAGGING,
    Manifest: manifest,
    Report: reportOf(reports, 'lifecycle'),
    Priority: 10,
    RoleArn: ROLE,
    ConfirmationRequired: confirmation,
    ClientRequestToken: token,
  });
}

describe('s3bulk serve: job lifecycle', () => {
  const emulator = useEmulator();

  it('cancel stops an Active job, which still writes its report', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-cancel');
    const reports = await emulator.createBucket('serve-cancel-reports');
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    const manifest = await putManifest(emulator, bucket, keys);
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    const server = await startServe(
      emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url }),
      await tempDir('s3bulk-serve-'),
      ['--concurrency', '1'],
    );
    servers.push(server);
    const client = controlClient(server.endpoint, emulator);
    proxy.pause(isTagging);

    // Act
    const { JobId } = await client.send(createJob(manifest, reports, `cancel-${bucket}`));
    await waitFor(async () => proxy.held === 1, 'the first task in flight');
    const active = await client.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId }));
    const cancelling = await client.send(
      new UpdateJobStatusCommand({
        AccountId: ACCOUNT,
        JobId,
        RequestedJobStatus: 'Cancelled',
        StatusUpdateReason: 'wrong tags',
      }),
    );
    proxy.resume();
    const done = await waitForJob(client, JobId!, terminal);

    // Assess
    expect(active.Job?.Status).toBe('Active');
    expect(cancelling).toMatchObject({ Status: 'Cancelling', StatusUpdateReason: 'wrong tags' });
    expect(done).toMatchObject({
      Status: 'Cancelled',
      StatusUpdateReason: 'wrong tags',
      ProgressSummary: { TotalNumberOfTasks: 5, NumberOfTasksSucceeded: 1, NumberOfTasksFailed: 0 },
    });
    const rows = await reportRows(`s3://${reports}/lifecycle/job-${JobId}/manifest.json`, emulator);
    expect(rows.map((r) => [r.key, r.status])).toEqual([['k1', 'succeeded']]);
    client.destroy();
    await proxy.stop();
  });

  it('a job of 1,000+ tasks over the failure threshold fails with the reason', async () => {
    requireBuiltCli();
    // Prepare: none of the listed objects exists, so every task fails.
    const bucket = await emulator.createBucket('serve-threshold');
    const reports = await emulator.createBucket('serve-threshold-reports');
    const keys = Array.from({ length: 1100 }, (_, i) => `missing/${String(i).padStart(4, '0')}`);
    const manifest = await putManifest(emulator, bucket, keys);
    const server = await startServe(emulator.processEnv(), await tempDir('s3bulk-serve-'));
    servers.push(server);
    const client = controlClient(server.endpoint, emulator);

    // Act
    const { JobId } = await client.send(createJob(manifest, reports, `threshold-${bucket}`));
    const done = await waitForJob(client, JobId!, terminal);

    // Assess
    expect(done.Status).toBe('Failed');
    expect(done.ProgressSummary?.NumberOfTasksSucceeded).toBe(0);
    expect(done.ProgressSummary?.NumberOfTasksFailed).toBeGreaterThanOrEqual(1000);
    expect(done.FailureReasons).toEqual([
      {
        FailureCode: 'TaskFailureThresholdExceeded',
        FailureReason: expect.stringMatching(
          /above the failure threshold of 50% once at least 1000 tasks/,
        ),
      },
    ]);
    const rows = await reportRows(`s3://${reports}/lifecycle/job-${JobId}/manifest.json`, emulator);
    expect(rows.length).toBe(done.ProgressSummary?.NumberOfTasksFailed);
    expect(rows.every((r) => r.status === 'failed')).toBe(true);
    client.destroy();
  });

  it('kill -9 during an Active job: the restarted server finishes it, one report row per task; a Suspended job stays Suspended', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-crash');
    const reports = await emulator.createBucket('serve-crash-reports');
    const keys = Array.from({ length: 20 }, (_, i) => `obj-${i}`);
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    const manifest = await putManifest(emulator, bucket, keys);
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    const env = emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url });
    const dataDir = await tempDir('s3bulk-serve-');
    const first = await startServe(env, dataDir, ['--concurrency', '2']);
    servers.push(first);
    let client = controlClient(first.endpoint, emulator);
    const waiting = await client.send(createJob(manifest, reports, `crash-wait-${bucket}`, true));
    await waitForJob(client, waiting.JobId!, (j) => j.Status === 'Suspended');
    let tagged = 0;
    proxy.pause((r) => isTagging(r) && ++tagged > 6);

    // Act
    const { JobId } = await client.send(createJob(manifest, reports, `crash-${bucket}`));
    await waitFor(async () => proxy.held >= 1, 'tasks held in flight');
    first.cli.child.kill('SIGKILL');
    await first.cli.done;
    client.destroy();
    proxy.resume();
    const second = await startServe(env, dataDir, ['--concurrency', '2']);
    servers.push(second);
    client = controlClient(second.endpoint, emulator);
    const done = await waitForJob(client, JobId!, terminal);
    const stillWaiting = await client.send(
      new DescribeJobCommand({ AccountId: ACCOUNT, JobId: waiting.JobId }),
    );

    // Assess
    expect(done).toMatchObject({
      Status: 'Complete',
      ProgressSummary: {
        TotalNumberOfTasks: 20,
        NumberOfTasksSucceeded: 20,
        NumberOfTasksFailed: 0,
      },
    });
    const rows = await reportRows(`s3://${reports}/lifecycle/job-${JobId}/manifest.json`, emulator);
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(stillWaiting.Job?.Status).toBe('Suspended');
    client.destroy();
    await proxy.stop();
  });
});
