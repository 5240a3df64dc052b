import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Simulator, type RunningSimulator } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { createS3Client } from '../../src/s3/client.js';
import {
  collect,
  contextFor,
  markerOperation,
  objectManifest,
  testSettings,
  testSpec,
} from './engine-fixtures.js';

// The in-memory simulator injects S3's failures on loopback; the SDK does not retry
// (maxAttempts 1), so every fault reaches the engine.
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startS3Simulator({ latencyMs: 0, seed: 7 });
});

afterAll(async () => {
  await simulator.stop();
});

function clientFor() {
  return createS3Client({
    endpointUrl: simulator.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 's3bulk-faults-'));
}

describe('engine: injected faults', () => {
  it('with 5% SlowDown, 1% 500 and 1% connection resets, every task succeeds and is reported once', async () => {
    // Prepare
    const bucket = `faults-${Date.now()}`;
    simulator.createBucket(bucket);
    simulator.setFaults({ error503Rate: 0.05, error500Rate: 0.01, resetRate: 0.01, stallRate: 0 });
    simulator.resetStats();
    const s3 = clientFor();
    const jobId = createJobId();
    const base = await tempDir();

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' }),
      operation: markerOperation(s3, bucket),
      manifest: objectManifest(bucket, 1000),
      context: contextFor(s3, jobId),
      store: new LocalJobStore(join(base, 'job')),
      settings: testSettings({ concurrency: 32, maxAttempts: 10 }),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
    const faults = simulator.stats().faults;

    // Assess
    expect(faults.error503 + faults.slowDown).toBeGreaterThan(0);
    expect(faults.error500).toBeGreaterThan(0);
    expect(faults.resets).toBeGreaterThan(0);
    expect(summary).toMatchObject({ status: 'Complete', total: 1000, succeeded: 1000, failed: 0 });
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.key)).size).toBe(1000);
    for (let line = 1; line <= 1000; line += 37) {
      const key = `done/obj/${String(line).padStart(5, '0')}.txt`;
      expect(simulator.objectBody(bucket, key)?.toString()).toBe(String(line));
    }
  });

  it('ends in bounded time when every request hangs (attemptTimeoutMs), every task failed with a timeout', async () => {
    // Prepare
    const bucket = `stall-${Date.now()}`;
    simulator.createBucket(bucket);
    simulator.setFaults({ error503Rate: 0, error500Rate: 0, resetRate: 0, stallRate: 1 });
    const s3 = clientFor();
    const jobId = createJobId();
    const base = await tempDir();

    // Act
    const summary = await runJob({
      spec: testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' }),
      operation: markerOperation(s3, bucket),
      manifest: objectManifest(bucket, 20),
      context: contextFor(s3, jobId),
      store: new LocalJobStore(join(base, 'job')),
      settings: testSettings({ concurrency: 10, maxAttempts: 2, attemptTimeoutMs: 300 }),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
    simulator.setFaults({ stallRate: 0 });

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 0, failed: 20 });
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.status === 'failed' && r.errorCode === 'RequestTimeout')).toBe(true);
    expect(rows[0]?.message).toMatch(/timed? ?out/i);
  });
});
