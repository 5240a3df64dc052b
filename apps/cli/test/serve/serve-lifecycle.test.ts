import {
  DescribeJobCommand,
  UpdateJobStatusCommand,
  type CreateJobCommandInput,
} from '@aws-sdk/client-s3-control';
import { startRecordingProxy, useEmulator, type RecordedRequest } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, tempDir, waitFor } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  controlClient,
  createJob,
  putManifest,
  reportOf,
  useServe,
  terminal,
  waitForJob,
} from './serve-harness.js';

const serve = useServe();

const isTagging = (r: RecordedRequest) => r.method === 'PUT' && r.path.includes('?tagging');

function lifecycleJob(
  manifest: CreateJobCommandInput['Manifest'],
  reports: string,
  token: string,
  confirmation = false,
) {
  return createJob(token, {
    Manifest: manifest,
    Report: reportOf(reports, 'lifecycle'),
    Priority: 10,
    ConfirmationRequired: confirmation,
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
    const server = await serve(
      emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url }),
      await tempDir('s3bulk-serve-'),
      ['--concurrency', '1'],
    );
    const client = controlClient(server.endpoint, emulator);
    proxy.pause(isTagging);

    // Act
    const { JobId } = await client.send(lifecycleJob(manifest, reports, `cancel-${bucket}`));
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

  it('runs at most --max-active-jobs at once, the waiting ones by Priority', async () => {
    requireBuiltCli();
    // Prepare: one bucket per job, so the order of the tagging requests shows the order of jobs.
    const buckets = await Promise.all(
      ['first', 'low', 'high'].map((n) => emulator.createBucket(`serve-prio-${n}`)),
    );
    const manifests: Awaited<ReturnType<typeof putManifest>>[] = [];
    for (const bucket of buckets) {
      await emulator.putObjects(bucket, { a: 'a', b: 'b' });
      manifests.push(await putManifest(emulator, bucket, ['a', 'b']));
    }
    const proxy = await startRecordingProxy(emulator.info.endpoint);
    const server = await serve(
      emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url }),
      await tempDir('s3bulk-serve-'),
      ['--max-active-jobs', '1'],
    );
    const client = controlClient(server.endpoint, emulator);
    proxy.pause(isTagging);
    const job = (i: number, Priority: number) =>
      client.send(createJob(`prio-${buckets[i]}`, { Manifest: manifests[i], Priority }));

    // Act: the first job holds the only slot while the other two wait in Ready.
    const first = await job(0, 50);
    await waitFor(async () => proxy.held >= 1, 'the first job running');
    const low = await job(1, 1);
    const high = await job(2, 99);
    const lowWaiting = await waitForJob(client, low.JobId!, (j) => j.Status === 'Ready');
    await waitForJob(client, high.JobId!, (j) => j.Status === 'Ready');
    proxy.resume();
    for (const id of [first.JobId!, low.JobId!, high.JobId!])
      await waitForJob(client, id, terminal);

    // Assess
    expect(lowWaiting.Status).toBe('Ready');
    const order = proxy.requests.filter(isTagging).map((r) => r.bucket);
    const firstSeen = (bucket: string) => order.indexOf(bucket);
    expect(firstSeen(buckets[0]!)).toBeLessThan(firstSeen(buckets[2]!));
    // Every task of the high-priority job ran before any of the low one's.
    expect(order.lastIndexOf(buckets[2]!)).toBeLessThan(firstSeen(buckets[1]!));
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
    const server = await serve(emulator.processEnv());
    const client = controlClient(server.endpoint, emulator);

    // Act
    const { JobId } = await client.send(lifecycleJob(manifest, reports, `threshold-${bucket}`));
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
    const first = await serve(env, dataDir, ['--concurrency', '2']);
    let client = controlClient(first.endpoint, emulator);
    const waiting = await client.send(
      lifecycleJob(manifest, reports, `crash-wait-${bucket}`, true),
    );
    await waitForJob(client, waiting.JobId!, (j) => j.Status === 'Suspended');
    let tagged = 0;
    proxy.pause((r) => isTagging(r) && ++tagged > 6);

    // Act
    const { JobId } = await client.send(lifecycleJob(manifest, reports, `crash-${bucket}`));
    await waitFor(async () => proxy.held >= 1, 'tasks held in flight');
    first.cli.child.kill('SIGKILL');
    await first.cli.done;
    client.destroy();
    proxy.resume();
    const second = await serve(env, dataDir, ['--concurrency', '2']);
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
