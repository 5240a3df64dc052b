import { PutObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { S3JobStore } from '../../src/store/s3-job-store.js';
import type { PlanRecord } from '../../src/store/plan-record.js';
import type { TaskResult } from '../../src/engine/types.js';
import type { JobSpec } from '../../src/job/types.js';

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

  it("keeps each expanded row's plan in its own segments, read back in order with dates", async () => {
    // Prepare
    const bucket = await emulator.createBucket('store-plan');
    const location = `s3://${bucket}/ck/job-1/shard-0`;
    const first = new S3JobStore({ s3: emulator.s3, location });
    const task = (id: string): PlanRecord => ({
      task: {
        id,
        object: { bucket: 'src', key: `in/${id}` },
        action: 'copy',
        facts: { size: 1, lastModified: new Date('2026-01-01T00:00:00.000Z') },
        location: { source: 'pairs.csv', line: 2 },
      },
    });

    // Act
    await first.appendPlan('2', [task('2:a'), task('2:b')]);
    await first.appendPlan('20', [task('20:z')]);
    // A later attempt goes on where the first left off.
    const second = new S3JobStore({ s3: emulator.s3, location, attempt: 2 });
    await second.appendPlan('2', [task('2:c'), { complete: true, tasks: 3 }]);
    const plan: PlanRecord[] = [];
    for await (const record of second.readPlan('2')) plan.push(record);

    // Assess
    expect(plan).toEqual([task('2:a'), task('2:b'), task('2:c'), { complete: true, tasks: 3 }]);
    expect((await emulator.listKeys(bucket)).sort()).toEqual([
      'ck/job-1/shard-0/plans/2/0000000001-a1.jsonl',
      'ck/job-1/shard-0/plans/2/0000000002-a2.jsonl',
      'ck/job-1/shard-0/plans/20/0000000001-a1.jsonl',
    ]);
    await expect(second.appendPlan('../x', [task('x')])).rejects.toThrow(/row id/);
  });
});
