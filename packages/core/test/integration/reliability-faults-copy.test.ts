import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Simulator, type RunningSimulator } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import { parseOperation } from '../../src/operations/registry.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { createS3Client } from '../../src/s3/client.js';
import { collect, contextFor, inBatches, testSettings, testSpec } from './engine-fixtures.js';

// Issue 7, faults: the real S3PutObjectCopy (not a test operation) through the simulator's
// injected SlowDowns, 500s and connection resets; the SDK does not retry, the engine does.
const OBJECTS = 2000;
const PREFIX = 'data/';
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startS3Simulator({ latencyMs: 0, seed: 11 });
});

afterAll(async () => {
  await simulator.stop();
});

const keyOf = (i: number) => `${PREFIX}${String(i).padStart(8, '0')}`;

function manifest(bucket: string): () => AsyncIterable<ObjectEntry[]> {
  return inBatches(async function* () {
    for (let i = 0; i < OBJECTS; i++) {
      yield {
        kind: 'object',
        object: { bucket, key: keyOf(i) },
        location: { source: 'manifest.csv', line: i + 1 },
      };
    }
  });
}

const md5 = (body: Buffer | undefined) =>
  body === undefined ? 'missing' : createHash('md5').update(body).digest('hex');

describe('reliability: a 2,000-object copy under injected faults', () => {
  it(
    'ends with every object byte-identical at the destination and one succeeded row per task',
    { timeout: 300_000 },
    async () => {
      // Prepare
      const source = `rel-src-${Date.now()}`;
      const destination = `rel-dst-${Date.now()}`;
      simulator.createBucket(source);
      simulator.createBucket(destination);
      // Bodies differ per object (the index is in them), so a mixed-up copy would show.
      simulator.seed({ bucket: source, prefix: PREFIX, count: OBJECTS, size: 257 });
      simulator.setFaults({ error503Rate: 0.05, error500Rate: 0.01, resetRate: 0.01 });
      simulator.resetStats();
      const s3 = createS3Client({
        endpointUrl: simulator.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      const jobId = createJobId();
      const base = await mkdtemp(join(tmpdir(), 's3bulk-rel-faults-'));
      const operationJson = { S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${destination}` } };

      // Act
      const summary = await runJob({
        spec: {
          ...testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' }),
          operation: operationJson,
        },
        operation: parseOperation(operationJson),
        manifest: manifest(source),
        context: contextFor(s3, jobId),
        store: new LocalJobStore(join(base, 'job')),
        settings: testSettings({ concurrency: 32, maxAttempts: 12 }),
      });
      const stats = simulator.stats();
      simulator.setFaults({ error503Rate: 0, error500Rate: 0, resetRate: 0 });
      const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

      // Assess
      expect(stats.faults.error503 + stats.faults.slowDown).toBeGreaterThan(0);
      expect(stats.faults.error500).toBeGreaterThan(0);
      expect(stats.faults.resets).toBeGreaterThan(0);
      expect(summary).toMatchObject({
        status: 'Complete',
        total: OBJECTS,
        succeeded: OBJECTS,
        failed: 0,
      });
      expect(rows).toHaveLength(OBJECTS);
      expect(rows.every((r) => r.status === 'succeeded' && r.bucket === source)).toBe(true);
      expect(new Set(rows.map((r) => r.key))).toEqual(
        new Set(Array.from({ length: OBJECTS }, (_, i) => keyOf(i))),
      );
      const mismatched = Array.from({ length: OBJECTS }, (_, i) => keyOf(i)).filter(
        (key) =>
          md5(simulator.objectBody(destination, key)) !== md5(simulator.objectBody(source, key)),
      );
      expect(mismatched).toEqual([]);
    },
  );
});
