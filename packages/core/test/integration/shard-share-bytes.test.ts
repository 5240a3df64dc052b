import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Simulator, type RunningSimulator } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runShard } from '../../src/executors/aws-batch/run-shard.js';
import { resolveShardSpec } from '../../src/executors/aws-batch/shard-spec.js';
import { readCompletionReport } from '../../src/report/read-report.js';

// Issue 13, W5: the children of an array job each fetch about their share of a csv manifest in
// S3 (the engine reads a share twice: to check it, then to run it), and together report every
// line once. The simulator records each GetObject's byte range.
const SHARDS = 4;
const LINES = 20_000;
let sim: RunningSimulator;
let s3: S3Client;

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  sim = await startS3Simulator({ latencyMs: 0, buckets: ['w5-in', 'w5-src', 'w5-dst'] });
  s3 = new S3Client({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  s3.destroy();
  await sim.stop();
  vi.unstubAllEnvs();
});

describe('aws-batch: 4 shards over one csv manifest in S3', { timeout: 600_000 }, () => {
  it('fetch at most 1.1x a quarter of it each, and report every line exactly once', async () => {
    // Prepare
    sim.seed({ bucket: 'w5-src', prefix: 'k/', count: LINES, size: 1 });
    const keys = Array.from({ length: LINES }, (_, i) => `k/${String(i).padStart(8, '0')}`);
    const text = keys.map((k) => `w5-src,${encodeURIComponent(k)}\n`).join('');
    await s3.send(new PutObjectCommand({ Bucket: 'w5-in', Key: 'm.csv', Body: text }));
    const spec = await resolveShardSpec(
      {
        kind: 'seed',
        seed: {
          manifest: { location: 's3://w5-in/m.csv', format: 'csv' },
          operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::w5-dst' } },
          syncDelete: false,
          report: { location: 's3://w5-in/reports', scope: 'AllTasks' },
          engine: {},
          aws: {},
        },
      },
      { jobId: 'w5', aws: { endpointUrl: sim.endpoint, region: 'us-east-1' } },
    );

    // Act: the children one after another, so each one's reads are its own
    const fetched: number[] = [];
    for (let index = 0; index < SHARDS; index++) {
      sim.resetStats();
      const run = await runShard({
        spec,
        shard: { index, count: SHARDS },
        attempt: 1,
        checkpoint: 's3://w5-in/ck/',
      });
      expect(run.summary.status).toBe('Complete');
      const reads = sim.stats().reads.filter((r) => r.bucket === 'w5-in' && r.key === 'm.csv');
      fetched.push(reads.reduce((sum, r) => sum + r.bytes, 0));
    }

    // Assess
    const size = Buffer.byteLength(text);
    for (const bytes of fetched) expect(bytes).toBeLessThanOrEqual(1.1 * (size / SHARDS));
    const report = await readCompletionReport('s3://w5-in/reports/job-w5/manifest.json', { s3 });
    const reported: string[] = [];
    for await (const row of report.rows()) {
      expect(row.status).toBe('succeeded');
      reported.push(row.key);
    }
    expect(reported).toHaveLength(LINES);
    expect(reported.sort()).toEqual([...keys].sort());
  });
});
