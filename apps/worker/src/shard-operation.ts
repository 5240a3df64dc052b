import {
  keyInRange,
  type KeyRange,
  type Operation,
  type PrefixEntry,
  type Task,
} from '@s3bulk/core';

/** The key of a sync task relative to its prefix row: copies name the source, deletes the target. */
function relativeKey(task: Task, entry: PrefixEntry): string {
  const prefix = task.action === 'delete' ? entry.destination.prefix : entry.source.prefix;
  return task.object.key.slice(prefix.length);
}

/**
 * The operation as one shard runs it: tasks a prefix row expands into are kept only when their
 * key is in this shard's slice of the key space, so N children sync one prefix together and
 * every key (copy or delete) is handled by exactly one of them.
 */
export function shardOperation(operation: Operation, range: KeyRange): Operation {
  const expand = operation.expand;
  if (!expand || (range.startAfter === undefined && range.until === undefined)) return operation;
  return {
    ...operation,
    async *expand(entry, context) {
      for await (const task of expand.call(operation, entry, context)) {
        if (entry.kind !== 'prefix' || keyInRange(relativeKey(task, entry), range)) yield task;
      }
    },
  };
}
