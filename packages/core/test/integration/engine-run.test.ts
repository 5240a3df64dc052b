import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.js';
import { createS3Client } from '../../src/s3/client.js';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { JobEvent, JobStatus, TaskResult } from '../../src/engine/types.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import {
  collect,
  contextFor,
  markerOperation,
  inBatches,
  objectEntries,
  objectManifest,
  testSettings,
  testSpec,
} from './engine-fixtures.js';

const emulator = useEmulator();

async function jobStore(jobId: string): Promise<LocalJobStore> {
  return new LocalJobStore(join(await mkdtemp(join(tmpdir(), 's3bulk-engine-')), jobId));
}

describe('engine: runJob', () => {
  it('retries SlowDown until every task succeeds, lowers concurrency, and reports each task once (report to S3)', async () => {
    // Prepare
    const source = await emulator.createBucket('engine-src');
    const reports = await emulator.createBucket('engine-reports');
    const jobId = createJobId();
    const store = await jobStore(jobId);
    // Every third task is throttled twice before it succeeds.
    const operation = markerOperation(emulator.s3, source, {
      slowDowns: (task) => (Number(task.id) % 3 === 0 ? 2 : 0),
    });
    const events: JobEvent[] = [];

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: `s3://${reports}/reports`, scope: 'AllTasks' }),
      operation,
      manifest: objectManifest(source, 300),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 16, minConcurrency: 2 }),
      onEvent: (event) => events.push(event),
    });
    const report = await readCompletionReport(summary.reportPath ?? '', { s3: emulator.s3 });
    const rows = await collect(report.rows());
    const ledger = await collect(store.readResults());

    // Assess
    expect(summary).toMatchObject({
      jobId,
      status: 'Complete',
      total: 300,
      succeeded: 300,
      failed: 0,
    });
    expect(summary.reportPath).toBe(`s3://${reports}/reports/job-${jobId}/manifest.json`);
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.key)).size).toBe(300);
    expect(rows.every((r) => r.status === 'succeeded' && r.httpStatus === 200)).toBe(true);
    expect(await emulator.listKeys(source, 'done/')).toHaveLength(300);
    expect(ledger.filter((r) => Number(r.taskId) % 3 === 0).every((r) => r.attempts === 3)).toBe(
      true,
    );
    expect(events.some((e) => e.type === 'throttled' && e.concurrency < 16)).toBe(true);
    expect(events.filter((e) => e.type === 'task')).toHaveLength(300);
    const last = events.filter((e) => e.type === 'progress').at(-1);
    expect(last).toMatchObject({
      counters: { total: 300, succeeded: 300, failed: 0, inFlight: 0 },
    });
    expect(last?.type === 'progress' && last.counters.retries).toBe(200);
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status] : []));
    expect(statuses).toEqual(['New', 'Preparing', 'Active', 'Completing', 'Complete']);
    const keys = await emulator.listKeys(reports, 'reports/');
    expect(keys).toContain(`reports/job-${jobId}/manifest.json`);
    expect(keys.filter((k) => k.endsWith('.csv'))).toHaveLength(1);
    expect((await store.readState())?.status).toBe('Complete');
  });

  it('records a permanent failure once, without retrying it (report to a local folder)', async () => {
    // Prepare
    const source = await emulator.createBucket('engine-src');
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-engine-report-'));
    const jobId = createJobId();
    const operation = markerOperation(emulator.s3, source, {
      missing: (task) => Number(task.id) % 10 === 0,
    });

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'FailedTasksOnly' }),
      operation,
      manifest: objectManifest(source, 100),
      context: contextFor(emulator.s3, jobId),
      store: await jobStore(jobId),
      settings: testSettings(),
    });
    const report = await readCompletionReport(join(reportDir, `job-${jobId}`));
    const rows = await collect(report.rows());

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', total: 100, succeeded: 90, failed: 10 });
    for (let line = 10; line <= 100; line += 10) expect(operation.calls.get(String(line))).toBe(1);
    expect(report.manifest.Results.map((r) => r.TaskExecutionStatus)).toEqual(['failed']);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({
      bucket: source,
      status: 'failed',
      httpStatus: 404,
      errorCode: 'NoSuchKey',
    });
  });

  it('fails the job past the failure threshold, stops starting tasks, and still writes the report', async () => {
    // Prepare
    const source = await emulator.createBucket('engine-src');
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-engine-report-'));
    const jobId = createJobId();
    const operation = markerOperation(emulator.s3, source, { missing: () => true });
    const statuses: JobStatus[] = [];

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' }),
      operation,
      manifest: objectManifest(source, 500),
      context: contextFor(emulator.s3, jobId),
      store: await jobStore(jobId),
      settings: testSettings({ concurrency: 4, failureThreshold: { minTasks: 20, ratio: 0.5 } }),
      onEvent: (event) => event.type === 'status' && statuses.push(event.status),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

    // Assess
    expect(summary.status).toBe('Failed');
    expect(summary.failureReason).toMatch(/failure threshold/);
    // Tasks in flight at the crossing finish later: the reason counts them, like the summary.
    expect(summary.failureReason).toContain(
      `${summary.failed} of ${summary.succeeded + summary.failed} tasks failed`,
    );
    expect(statuses.slice(-2)).toEqual(['Failing', 'Failed']);
    expect(summary.failed).toBeGreaterThanOrEqual(20);
    expect(summary.failed).toBeLessThan(500);
    expect(operation.calls.size).toBe(summary.failed);
    expect(rows).toHaveLength(summary.failed);
  });

  it('rejects a bad manifest while preparing, before any task runs or anything is written', async () => {
    // Prepare
    const source = await emulator.createBucket('engine-src');
    const reports = await emulator.createBucket('engine-reports');
    const jobId = createJobId();
    const store = await jobStore(jobId);
    const operation = markerOperation(emulator.s3, source);
    const good = objectEntries(source, 50);
    async function* manifest(): AsyncIterable<ObjectEntry> {
      for await (const entry of good()) {
        if (entry.location.line === 40) {
          throw new ManifestError(
            'broken percent-encoding',
            { source: 'manifest.csv', line: 40 },
            'Key',
          );
        }
        yield entry;
      }
    }

    // Act
    const running = runJob({
      spec: testSpec(jobId, { location: `s3://${reports}/r`, scope: 'AllTasks' }),
      operation,
      manifest: inBatches(manifest),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings(),
    });

    // Assess
    await expect(running).rejects.toBeInstanceOf(ManifestError);
    await expect(running).rejects.toMatchObject({ location: { line: 40 } });
    expect(operation.calls.size).toBe(0);
    expect(await store.exists()).toBe(false);
    expect(await emulator.listKeys(source)).toEqual([]);
    expect(await emulator.listKeys(reports)).toEqual([]);
  });

  it('stops gracefully on abort, then a resume with the same store finishes without redoing or repeating a task', async () => {
    // Prepare
    const source = await emulator.createBucket('engine-src');
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-engine-report-'));
    const jobId = createJobId();
    const store = await jobStore(jobId);
    const spec = testSpec(jobId, { location: reportDir, scope: 'AllTasks' });
    const first = markerOperation(emulator.s3, source, { delayMs: 5 });
    const controller = new AbortController();
    let seen = 0;

    // Act
    const stopped = await runJob({
      spec,
      operation: first,
      manifest: objectManifest(source, 400),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 8 }),
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'task' && ++seen === 100) controller.abort();
      },
    });
    const committed: TaskResult[] = await collect(store.readResults());
    const stateAfterStop = await store.readState();
    const second = markerOperation(emulator.s3, source);
    const resumed = await runJob({
      spec,
      operation: second,
      manifest: objectManifest(source, 400),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 8 }),
    });
    const rows = await collect((await readCompletionReport(resumed.reportPath ?? '')).rows());

    // Assess
    expect(stopped.status).toBe('Cancelled');
    expect(stopped.reportPath).toBeUndefined();
    expect(stateAfterStop?.status).toBe('Cancelled');
    // Every task that finished before the stop is in the ledger: in-flight work was not dropped.
    expect(committed.length).toBe(stopped.succeeded);
    expect(committed.length).toBeGreaterThanOrEqual(100);
    expect(committed.length).toBeLessThan(400);
    for (const result of committed) expect(second.calls.has(result.taskId)).toBe(false);
    expect(second.calls.size).toBe(400 - committed.length);
    expect(resumed).toMatchObject({ status: 'Complete', total: 400, succeeded: 400, failed: 0 });
    expect(rows).toHaveLength(400);
    expect(new Set(rows.map((r) => r.key)).size).toBe(400);
    expect(await emulator.listKeys(source, 'done/')).toHaveLength(400);
  });

  it('ends in bounded time against a dead endpoint, every task failed with a clear message', async () => {
    // Prepare
    const port = await freePort();
    const dead = createS3Client({
      ...emulator.clientOptions(),
      endpointUrl: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
    });
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-engine-report-'));
    const jobId = createJobId();
    const operation = markerOperation(dead, 'nowhere');

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' }),
      operation,
      manifest: objectManifest('nowhere', 30),
      context: contextFor(dead, jobId),
      store: await jobStore(jobId),
      settings: testSettings({
        concurrency: 8,
        maxAttempts: 3,
        failureThreshold: { minTasks: 1000, ratio: 0.5 },
      }),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', total: 30, succeeded: 0, failed: 30 });
    expect([...operation.calls.values()].every((calls) => calls === 3)).toBe(true);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === 'failed' && r.errorCode === 'ECONNREFUSED')).toBe(true);
    expect(rows[0]?.message).toMatch(/ECONNREFUSED/);
  });
});
