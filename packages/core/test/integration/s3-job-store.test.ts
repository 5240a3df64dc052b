import { PutObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { S3JobStore } from '../../src/engine/s3-job-store.js';
import type { JobSpec, TaskResult } from '../../src/engine/types.js';

const emulator = useEmulator();

function result(taskId: string, status: TaskResult['status'] = 'succeeded'): TaskResult {
  return { taskId, bucket: 'b', key: `k/${taskId}`, status, message: 'ok', attempts: 1 };
}

async function collect(store: S3JobStore): Promise<TaskResult[]> {
  const out: TaskResult[] = [];
  for await (const r of store.readResults()) out.push(r);
  return out;
}

describe('engine: S3JobStore', () => {
  it('round-trips spec and state, and reads nothing from an empty prefix', async () => {
    // Prepare
    const bucket = await emulator.createBucket('store');
    const store = new S3JobStore({ s3: emulator.s3, location: `s3://${bucket}/ck/job-1/shard-0` });
    const spec: JobSpec = {
      version: 1,
      jobId: 'job-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      manifest: { format: 'csv', location: `s3://${bucket}/m.csv` },
      operation: { S3PutObjectTagging: { TagSet: [] } },
      engine: {},
      aws: {},
    };

    // Act
    const before = { spec: await store.readSpec(), state: await store.readState() };
    await store.writeSpec(spec);
    await store.writeState({
      status: 'Active',
      updatedAt: '2026-01-01T00:00:01.000Z',
      counters: { succeeded: 1, failed: 0, inFlight: 0, bytes: 0, retries: 0, concurrency: 4 },
    });

    // Assess
    expect(before).toEqual({ spec: undefined, state: undefined });
    expect(store.location).toBe(`s3://${bucket}/ck/job-1/shard-0/`);
    expect(await store.readSpec()).toEqual(spec);
    expect((await store.readState())?.status).toBe('Active');
    expect(await collect(store)).toEqual([]);
  });

  it('writes one segment per append and reads results back in order, each once', async () => {
    // Prepare
    const bucket = await emulator.createBucket('store');
    const location = `s3://${bucket}/ck/job-2/shard-3/`;
    const first = new S3JobStore({ s3: emulator.s3, location, attempt: 1 });

    // Act: concurrent appends keep call order; a second attempt continues the sequence
    await Promise.all([
      first.appendResults([result('1'), result('2')]),
      first.appendResults([result('3', 'failed')]),
      first.appendResults([]),
    ]);
    const second = new S3JobStore({ s3: emulator.s3, location, attempt: 2 });
    const resumed = await collect(second);
    await second.appendResults([result('4'), result('2')]);

    // Assess
    expect(resumed.map((r) => r.taskId)).toEqual(['1', '2', '3']);
    expect(await emulator.listKeys(bucket, 'ck/job-2/shard-3/results/')).toEqual([
      'ck/job-2/shard-3/results/0000000001-a1.jsonl',
      'ck/job-2/shard-3/results/0000000002-a1.jsonl',
      'ck/job-2/shard-3/results/0000000003-a2.jsonl',
    ]);
    expect((await collect(second)).map((r) => `${r.taskId}:${r.status}`)).toEqual([
      '1:succeeded',
      '2:succeeded',
      '3:failed',
      '4:succeeded',
    ]);
  });

  it('ignores objects under results/ that are not segments', async () => {
    // Prepare
    const bucket = await emulator.createBucket('store');
    const store = new S3JobStore({ s3: emulator.s3, location: `s3://${bucket}/p/` });
    await store.appendResults([result('7')]);
    await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'p/results/notes.txt', Body: 'garbage' }),
    );

    // Act
    const results = await collect(store);

    // Assess
    expect(results.map((r) => r.taskId)).toEqual(['7']);
  });

  it('names the location when the bucket does not exist', async () => {
    // Prepare
    const store = new S3JobStore({ s3: emulator.s3, location: 's3://no-such-bucket-s3bulk-x/p/' });

    // Act & Assess
    await expect(store.appendResults([result('1')])).rejects.toThrow(/no-such-bucket-s3bulk-x/);
  });
});
