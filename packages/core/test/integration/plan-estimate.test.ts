import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Simulator, type RunningSimulator } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runJobSpec } from '../../src/executors/local/run-local-job.js';
import { openJob } from '../../src/job/open-job.js';
import { planJob } from '../../src/job/plan-job.js';
import type { JobSpec } from '../../src/job/types.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';

// Issue 14 part 4: plan's estimate counts the calls `run` then makes, call for call, against the
// simulator's own count. A sync with an up-to-date object, a changed one, a missing one and an
// extra one to delete; a 12 MiB object copied in 5 MiB parts; an object row of unknown size.
const MiB = 1024 * 1024;
let simulator: RunningSimulator;

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  simulator = await startS3Simulator({ latencyMs: 0, buckets: ['est-src', 'est-dst'] });
});

afterAll(async () => {
  await simulator.stop();
  vi.unstubAllEnvs();
});

async function pairsJob(): Promise<JobSpec> {
  const older = Date.parse('2024-01-01T00:00:00Z');
  const newer = Date.parse('2025-01-01T00:00:00Z');
  const seed = (
    bucket: string,
    prefix: string,
    start: number,
    count: number,
    size: number,
    at: number,
  ) => simulator.seed({ bucket, prefix, start, count, size, lastModified: at });
  seed('est-src', 'sync/', 0, 5, 100, older);
  seed('est-dst', 'sync/', 0, 3, 100, newer); // up to date
  seed('est-dst', 'sync/', 3, 1, 50, newer); // size differs
  seed('est-dst', 'sync/', 9, 1, 100, newer); // missing at source: deleted
  seed('est-src', 'big/', 0, 1, 12 * MiB, older);
  seed('est-src', 'one/', 0, 1, 10, older);
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-estimate-'));
  const manifest = join(dir, 'pairs.csv');
  await writeFile(
    manifest,
    [
      's3://est-src/sync/,s3://est-dst/sync/',
      's3://est-src/big/,s3://est-dst/big/',
      's3://est-src/one/00000000,s3://est-dst/one-copy',
    ].join('\n') + '\n',
  );
  return {
    version: 1,
    jobId: 'estimate-1',
    createdAt: new Date().toISOString(),
    manifest: { format: 'pairs', location: manifest, header: false },
    operation: { S3BulkPairs: { SyncDelete: true } },
    engine: {},
    aws: { region: 'us-east-1', endpointUrl: simulator.endpoint },
    operationSettings: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
  };
}

describe('estimate: against the simulator', () => {
  it('counts every call run makes, by name and by type', { timeout: 60_000 }, async () => {
    // Prepare
    const spec = await pairsJob();
    const base = await mkdtemp(join(tmpdir(), 's3bulk-estimate-store-'));
    const job = await openJob(spec, new LocalJobStore(join(base, 'plan')), { materialise: false });
    simulator.resetStats();
    const plan = await planJob(job, { show: 0 }).finally(() => job.close());
    const planned = simulator.stats().operations;
    simulator.resetStats();

    // Act
    const summary = await runJobSpec(spec, { store: new LocalJobStore(join(base, 'run')) });

    // Assess
    expect(summary.succeeded).toBe(5);
    const counted = simulator.stats().operations;
    expect(plan.estimate.requests).toEqual(counted);
    expect(counted).toEqual({
      ListObjectsV2: 4,
      CopyObject: 3,
      DeleteObjects: 1,
      HeadObject: 2,
      GetObjectTagging: 1,
      CreateMultipartUpload: 1,
      UploadPartCopy: 3,
      CompleteMultipartUpload: 1,
    });
    // The plan itself lists what the run lists, nothing else.
    expect(planned).toEqual({ ListObjectsV2: 4 });
    expect(plan.estimate.requestsByType).toEqual({
      LIST: 4,
      COPY: 6,
      PUT: 0,
      POST: 2,
      GET: 1,
      HEAD: 2,
      DELETE: 1,
      LAMBDA: 0,
    });
    expect(plan.estimate.bytes).toEqual({
      objects: 2 * 100 + 12 * MiB,
      client: 0,
      unknownSizes: 1,
    });
  });
});
