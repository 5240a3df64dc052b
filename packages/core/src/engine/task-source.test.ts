import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../errors.js';
import type { ManifestEntry } from '../manifest/types.js';
import type { Operation, OperationContext, Task } from '../operations/types.js';
import { AdaptiveLimiter } from './adaptive-limiter.js';
import { runTask } from './run-task.js';
import { tasksOf } from './task-source.js';
import type { EngineSettings } from './types.js';

const location = (line: number) => ({ source: 'pairs.csv', line });
const rows: ManifestEntry[] = [
  {
    kind: 'prefix',
    source: { bucket: 'no-such-bucket', prefix: 'p/' },
    destination: { bucket: 'dst', prefix: 'x/' },
    location: location(2),
  },
  {
    kind: 'prefix',
    source: { bucket: 'src', prefix: 'in/' },
    destination: { bucket: 'dst', prefix: 'out/' },
    location: location(3),
  },
];
const missingBucket = new TaskFailure(
  'pairs.csv:2: cannot list s3://no-such-bucket/p/: The specified bucket does not exist',
  'NoSuchBucket',
  { temporary: false, httpStatus: 404 },
);

/** An operation whose listing of `no-such-bucket` fails after one task; `run` never fails. */
const operation: Operation = {
  name: 'S3BulkPairs',
  spec: {},
  async *expand(entry) {
    if (entry.kind !== 'prefix') return;
    const { bucket, prefix } = entry.source;
    yield {
      id: `${entry.location.line}:a`,
      object: { bucket, key: `${prefix}a` },
      location: entry.location,
    };
    if (bucket === 'no-such-bucket') throw missingBucket;
  },
  run: async () => ({ message: 'copied' }),
};

async function* manifest(): AsyncGenerator<ManifestEntry> {
  yield* rows;
}

async function collect(source: AsyncIterable<Task>): Promise<Task[]> {
  const out: Task[] = [];
  for await (const task of source) out.push(task);
  return out;
}

describe('engine: tasks of a manifest', () => {
  it('ends a prefix row that cannot be listed as one failed task with the row id; later rows still expand', async () => {
    // Prepare
    let discovered = 0;

    // Act
    const tasks = await collect(
      tasksOf(manifest(), operation, {} as OperationContext, (n) => (discovered += n)),
    );

    // Assess
    expect(tasks.map((t) => t.id)).toEqual(['2:a', '2', '3:a']);
    expect(tasks[1]).toMatchObject({
      object: { bucket: 'no-such-bucket', key: 'p/' },
      location: location(2),
      failure: missingBucket,
    });
    expect(discovered).toBe(3);
  });

  it('reports the row task failed with its error, without running the operation', async () => {
    // Prepare
    let ran = 0;
    const task: Task = {
      id: '2',
      object: { bucket: 'no-such-bucket', key: 'p/' },
      location: location(2),
      failure: missingBucket,
    };
    const deps = {
      operation: { ...operation, run: async () => ({ message: `${++ran}` }) },
      context: {} as OperationContext,
      limiter: new AdaptiveLimiter({ max: 1 }),
      settings: { maxAttempts: 3 } as EngineSettings,
      stop: new AbortController().signal,
    };

    // Act
    const result = await runTask(task, deps);

    // Assess
    expect(ran).toBe(0);
    expect(result).toEqual({
      taskId: '2',
      bucket: 'no-such-bucket',
      key: 'p/',
      status: 'failed',
      errorCode: 'NoSuchBucket',
      httpStatus: 404,
      message: missingBucket.message,
      attempts: 1,
    });
  });
});
