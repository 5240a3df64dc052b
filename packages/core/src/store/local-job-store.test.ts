import { appendFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalJobStore } from './local-job-store.js';
import type { TaskResult } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function result(line: number, key = `k${line}`): TaskResult {
  return {
    taskId: String(line),
    bucket: 'b',
    key,
    status: 'succeeded',
    message: 'Successful',
    attempts: 1,
  };
}

const spec: JobSpec = {
  version: 1,
  jobId: 'job-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  manifest: { format: 'csv', location: 'm.csv' },
  operation: { S3PutObjectTagging: { TagSet: [] } },
  engine: {},
  aws: {},
};

describe('engine: local job store', () => {
  it('creates a user-only folder with user-only files', async () => {
    // Prepare
    const dir = join(await mkdtemp(join(tmpdir(), 's3bulk-store-')), 'jobs', 'job-1');
    const store = new LocalJobStore(dir);

    // Act
    await store.writeSpec(spec);
    await store.writeState({
      status: 'Active',
      counters: { succeeded: 0, failed: 0, inFlight: 0, bytes: 0, retries: 0, concurrency: 1 },
      updatedAt: 'now',
    });
    await store.appendResults([result(1)]);
    await store.close();

    // Assess
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['results.jsonl', 'spec.json', 'state.json']);
    for (const name of names) expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    expect(await store.readSpec()).toEqual(spec);
    expect((await store.readState())?.status).toBe('Active');
  });

  it('ignores a torn last line after a crash, and the next append does not glue onto it', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 's3bulk-store-'));
    const first = new LocalJobStore(dir);
    await first.appendResults([result(1), result(2)]);
    await first.close();
    // What kill -9 in the middle of an append leaves.
    await appendFile(join(dir, 'results.jsonl'), '{"taskId":"3","bucket":"b","key":"k3","sta');

    // Act
    const second = new LocalJobStore(dir);
    const afterCrash = await collect(second.readResults());
    await second.appendResults([result(4)]);
    await second.close();
    const afterResume = await collect(new LocalJobStore(dir).readResults());

    // Assess
    expect(afterCrash.map((r) => r.taskId)).toEqual(['1', '2']);
    expect(afterResume.map((r) => r.taskId)).toEqual(['1', '2', '4']);
    const text = await readFile(join(dir, 'results.jsonl'), 'utf8');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((line) => JSON.parse(line)),
    ).toBeTruthy();
  });

  it('does not count a complete record whose newline never reached the disk', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 's3bulk-store-'));
    await writeFile(
      join(dir, 'results.jsonl'),
      `${JSON.stringify(result(1))}\n${JSON.stringify(result(2))}`,
    );

    // Act
    const read = await collect(new LocalJobStore(dir).readResults());

    // Assess
    expect(read.map((r) => r.taskId)).toEqual(['1']);
  });

  it('keeps keys that look like paths as data', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-store-'));
    const store = new LocalJobStore(join(root, 'job'));

    // Act
    await store.appendResults([result(1, '../../etc/passwd'), result(2, '/abs/../../x')]);
    await store.close();

    // Assess
    expect(await readdir(root)).toEqual(['job']);
    expect((await collect(store.readResults())).map((r) => r.key)).toEqual([
      '../../etc/passwd',
      '/abs/../../x',
    ]);
  });

  it('refuses a job id that would leave the jobs folder', () => {
    expect(() => LocalJobStore.forJob('../../etc', '/tmp/jobs')).toThrow(/not a valid job id/);
    expect(LocalJobStore.forJob('job-1', '/tmp/jobs').location).toBe('/tmp/jobs/job-1');
  });

  it('reads nothing from a folder with no ledger yet', async () => {
    const store = new LocalJobStore(join(tmpdir(), 's3bulk-store-missing', String(Date.now())));
    expect(await collect(store.readResults())).toEqual([]);
    expect(await store.readSpec()).toBeUndefined();
    expect(await store.exists()).toBe(false);
  });
});
