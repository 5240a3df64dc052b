import type { PrefixEntry } from '../../manifest/types.js';
import type { Operation, Task } from '../../operations/types.js';
import { compareKeys, keyInRange } from './shard/key-space.js';
import type { KeyRange } from './shard/types.js';

/** The key of a sync task relative to its prefix row: copies name the source, deletes the target. */
function relativeKey(task: Task, entry: PrefixEntry): string {
  const prefix = task.action === 'delete' ? entry.destination.prefix : entry.source.prefix;
  return task.object.key.slice(prefix.length);
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareKeys(a, b) >= 0 ? a : b;
}

/**
 * The operation as one shard runs it: a prefix row expands only into the tasks of this shard's
 * slice of its key space, listed with `StartAfter` at the slice's start and stopped at its end,
 * so N children sync one prefix together, each listing about its share, and every key (copy or
 * delete) is handled by exactly one of them. A row with no slice here expands to nothing.
 */
export function shardOperation(
  operation: Operation,
  sliceOf: (entry: PrefixEntry) => KeyRange | undefined,
): Operation {
  const expand = operation.expand;
  if (!expand) return operation;
  return {
    ...operation,
    async *expand(entry, context, options) {
      if (entry.kind !== 'prefix') {
        yield* expand.call(operation, entry, context, options);
        return;
      }
      const range = sliceOf(entry);
      if (!range) return;
      const after = later(options?.after, range.startAfter);
      const bounded = {
        ...options,
        ...(after === undefined ? {} : { after }),
        ...(range.until === undefined ? {} : { until: range.until }),
      };
      // The listing already keeps to the slice; the check guards the exactly-once promise.
      for await (const task of expand.call(operation, entry, context, bounded)) {
        if (keyInRange(relativeKey(task, entry), range)) yield task;
      }
    },
  };
}
