import type { ManifestEntry, Operation, OperationContext, Task } from '@s3bulk/core';
import { planKeyRange } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { shardOperation } from './shard-operation.js';

const location = { source: 's3://in/pairs.csv', line: 2 };
const prefixEntry: ManifestEntry = {
  kind: 'prefix',
  source: { bucket: 'src', prefix: 'tree/' },
  destination: { bucket: 'dst', prefix: 'mirror/' },
  location,
};
const relativeKeys = ['', 'A1', 'Zz/x', 'a', 'b/c', 'm', 'photos/1.jpg', 'z', '~x', '日本'];

/** A sync-like operation: a copy per source key, a delete per extra destination key. */
const sync: Operation = {
  name: 'S3BulkPairs',
  spec: {},
  async *expand(entry) {
    if (entry.kind !== 'prefix') return;
    for (const key of relativeKeys) {
      yield {
        id: `2:${key}`,
        object: { bucket: 'src', key: `tree/${key}` },
        action: 'copy',
        location,
      };
      yield {
        id: `2:${key}~`,
        object: { bucket: 'dst', key: `mirror/${key}~` },
        action: 'delete',
        location,
      };
    }
  },
  run: () => Promise.resolve({ message: 'ok' }),
};

async function tasksOf(operation: Operation): Promise<Task[]> {
  const out: Task[] = [];
  for await (const task of operation.expand!(prefixEntry, {} as OperationContext)) out.push(task);
  return out;
}

describe('worker: a shard of a prefix row', () => {
  it.each([1, 2, 3, 7, 64])(
    'hands every copy and delete to exactly one of %i shards',
    async (count) => {
      // Act
      const shards = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          tasksOf(shardOperation(sync, planKeyRange({ index, count }))),
        ),
      );

      // Assess
      const ids = shards.flat().map((t) => t.id);
      expect(ids.sort()).toEqual((await tasksOf(sync)).map((t) => t.id).sort());
    },
  );

  it('leaves an operation without a key range as it is', () => {
    expect(shardOperation(sync, {})).toBe(sync);
  });
});
