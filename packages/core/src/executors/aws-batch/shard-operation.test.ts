import type { ManifestEntry } from '../../manifest/types.js';
import type { Operation, OperationContext, Task } from '../../operations/types.js';
import { keySliceOf } from './shard/key-split.js';
import { describe, expect, it } from 'vitest';
import { shardOperation } from './shard-operation.js';

type ExpandOptions = Parameters<NonNullable<Operation['expand']>>[2];

const location = { source: 's3://in/pairs.csv', line: 2 };
const prefixEntry: ManifestEntry = {
  kind: 'prefix',
  source: { bucket: 'src', prefix: 'tree/' },
  destination: { bucket: 'dst', prefix: 'mirror/' },
  location,
};
const relativeKeys = ['', 'A1', 'Zz/x', 'a', 'b/c', 'm', 'photos/1.jpg', 'z', '~x', '日本'];
const bounds = ['Zz/x', 'b/c', 'photos/', 'z'];

/** A sync-like operation: a copy per source key, a delete per extra destination key. */
function syncLike(seen: (ExpandOptions | undefined)[] = []): Operation {
  return {
    name: 'S3BulkPairs',
    spec: {},
    async *expand(entry, _context, options) {
      seen.push(options);
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
}

async function tasksOf(operation: Operation, options?: ExpandOptions): Promise<Task[]> {
  const out: Task[] = [];
  for await (const task of operation.expand!(prefixEntry, {} as OperationContext, options))
    out.push(task);
  return out;
}

describe('worker: a shard of a prefix row', () => {
  it.each([5, 7, 64])('hands every copy and delete to exactly one of %i shards', async (count) => {
    // Act
    const shards = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        tasksOf(shardOperation(syncLike(), () => keySliceOf(bounds, { index, count }))),
      ),
    );

    // Assess
    const ids = shards.flat().map((t) => t.id);
    expect(ids.sort()).toEqual((await tasksOf(syncLike())).map((t) => t.id).sort());
  });

  it('asks the expansion for its slice only, after a resume point if later', async () => {
    // Prepare
    const seen: (ExpandOptions | undefined)[] = [];
    const slice = keySliceOf(bounds, { index: 2, count: 5 })!;

    // Act
    await tasksOf(shardOperation(syncLike(seen), () => slice));
    await tasksOf(
      shardOperation(syncLike(seen), () => slice),
      { after: 'c' },
    );
    await tasksOf(
      shardOperation(syncLike(seen), () => slice),
      { after: '0' },
    );

    // Assess
    expect(seen).toEqual([
      { after: 'b/c', until: 'photos/' },
      { after: 'c', until: 'photos/' },
      { after: 'b/c', until: 'photos/' },
    ]);
  });

  it('expands a row with no slice in this shard to nothing', async () => {
    expect(await tasksOf(shardOperation(syncLike(), () => undefined))).toEqual([]);
  });
});
