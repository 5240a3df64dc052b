import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import { parseOperation } from '../../src/operations/registry.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { collect, inBatches, testSettings, testSpec } from './engine-fixtures.js';
import { contextFor } from './ops-fixtures.js';

const emulator = useEmulator();

/** A csv-like manifest of `bucket,key` rows, line numbers from 1. */
function manifestOf(bucket: string, keys: readonly string[]): () => AsyncIterable<ObjectEntry[]> {
  return inBatches(async function* () {
    for (const [i, key] of keys.entries()) {
      yield {
        kind: 'object',
        object: { bucket, key },
        location: { source: 'manifest.csv', line: i + 1 },
      };
    }
  });
}

/** Run an operation over a manifest through the engine and read back its completion report. */
async function runAndReport(
  operationJson: Record<string, unknown>,
  bucket: string,
  keys: readonly string[],
) {
  const jobId = createJobId();
  const base = await mkdtemp(join(tmpdir(), 's3bulk-ops-report-'));
  const spec = {
    ...testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' as const }),
    operation: operationJson,
  };
  const summary = await runJob({
    spec,
    operation: parseOperation(operationJson),
    manifest: manifestOf(bucket, keys),
    context: { ...contextFor(emulator), jobId },
    store: new LocalJobStore(join(base, 'job')),
    settings: testSettings({ maxAttempts: 2 }),
  });
  const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
  return { summary, rows: rows.sort((a, b) => a.key.localeCompare(b.key)) };
}

describe('operations: completion report rows', () => {
  it('S3PutObjectTagging: one row per task, a missing object failed with NoSuchKey/404', async () => {
    // Prepare
    const bucket = await emulator.createBucket('rep');
    await emulator.putObjects(bucket, { 'a b.txt': 'x', 'c+d.txt': 'y' });

    // Act
    const { summary, rows } = await runAndReport(
      { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } },
      bucket,
      ['a b.txt', 'c+d.txt', 'missing.txt'],
    );

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 2, failed: 1 });
    expect(rows.map((r) => [r.key, r.status, r.errorCode ?? '', r.httpStatus ?? ''])).toEqual([
      ['a b.txt', 'succeeded', '', 200],
      ['c+d.txt', 'succeeded', '', 200],
      ['missing.txt', 'failed', 'NoSuchKey', 404],
    ]);
    expect(rows[0]?.message).toBe(`replaced tags of s3://${bucket}/a b.txt with 1 tag`);
  });

  it('S3ComputeObjectChecksum: the checksum is in ResultMessage', async () => {
    // Prepare
    const bucket = await emulator.createBucket('rep');
    await emulator.putObjects(bucket, { one: 'first', two: 'second' });

    // Act
    const { rows } = await runAndReport(
      { S3ComputeObjectChecksum: { ChecksumAlgorithm: 'SHA256' } },
      bucket,
      ['one', 'two'],
    );

    // Assess
    expect(rows.map((r) => JSON.parse(r.message).checksum_base64)).toEqual([
      createHash('sha256').update('first').digest('base64'),
      createHash('sha256').update('second').digest('base64'),
    ]);
  });

  it('S3InitiateRestoreObject: archived objects succeed, a STANDARD one fails permanently, not retried', async () => {
    // Prepare
    const bucket = await emulator.createBucket('rep');
    await emulator.putObjects(bucket, { cold: { Body: 'x', StorageClass: 'GLACIER' }, hot: 'y' });

    // Act
    const { rows } = await runAndReport(
      { S3InitiateRestoreObject: { ExpirationInDays: 1, GlacierJobTier: 'BULK' } },
      bucket,
      ['cold', 'hot'],
    );

    // Assess
    expect(rows.map((r) => [r.key, r.status, r.errorCode ?? ''])).toEqual([
      ['cold', 'succeeded', ''],
      ['hot', 'failed', 'InvalidObjectState'],
    ]);
    expect(rows[1]?.message).toContain('is not in an archive tier');
  });

  it('S3BulkDelete: every listed object deleted and reported, through batched requests', async () => {
    // Prepare
    const bucket = await emulator.createBucket('rep');
    const keys = Array.from({ length: 60 }, (_, i) => `del/${String(i).padStart(3, '0')}`);
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, 'x'])));
    await emulator.putObjects(bucket, { keep: 'x' });

    // Act
    const { summary, rows } = await runAndReport({ S3BulkDelete: { BatchSize: 25 } }, bucket, keys);

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 60, failed: 0 });
    expect(rows).toHaveLength(60);
    expect(await emulator.listKeys(bucket)).toEqual(['keep']);
  });
});
