import { ManifestError } from '../errors.js';
import { entryTaskId } from '../manifest/entry-id.js';
import type { ManifestEntry, PrefixEntry } from '../manifest/types.js';
import type { Operation, OperationContext, Task } from '../operations/types.js';
import type { TaskPlanStore } from '../store/plan-record.js';
import { plannedExpansion } from './planned-expansion.js';

/** What one pass over the manifest found while preparing. */
export interface PreparedManifest {
  /** Manifest entries that are one object each. */
  readonly objectEntries: number;
  /** Prefix rows: their tasks are known only as they expand. */
  readonly prefixEntries: number;
}

/**
 * Read the manifest once, a batch of entries at a time (`openManifestBatches`: no async step per
 * entry), to count it and to surface every `ManifestError` before any task runs or anything is
 * written. Memory stays constant: entries are counted, not kept.
 */
export async function prepareManifest(
  manifest: AsyncIterable<Iterable<ManifestEntry>>,
  operation: Operation,
  signal?: AbortSignal,
): Promise<PreparedManifest> {
  const prepared = { objectEntries: 0, prefixEntries: 0 };
  for await (const entries of manifest) {
    signal?.throwIfAborted();
    for (const entry of entries) countEntry(entry, operation, prepared);
  }
  return prepared;
}

function countEntry(
  entry: ManifestEntry,
  operation: Operation,
  prepared: { objectEntries: number; prefixEntries: number },
): void {
  if (entry.kind === 'object') {
    prepared.objectEntries++;
  } else if (!operation.expand) {
    throw new ManifestError(
      `a prefix row needs an operation that syncs prefixes (S3BulkPairs), not ${operation.name}`,
      entry.location,
      'source',
    );
  } else {
    prepared.prefixEntries++;
  }
}

/** The task an object entry gives when the operation does not expand entries itself. */
export function defaultTask(entry: ManifestEntry & { kind: 'object' }): Task {
  return {
    id: entryTaskId(entry.location),
    object: entry.object,
    ...(entry.destination ? { destination: entry.destination } : {}),
    ...(entry.facts ? { facts: entry.facts } : {}),
    location: entry.location,
  };
}

/**
 * `tasksOf`, a batch at a time (see `openManifestBatches`): an operation that does not expand
 * entries gives a batch's tasks without an async step per task (planning 10M lines); one that
 * does gives each task as its own batch, since expanding an entry is itself asynchronous.
 */
export async function* taskBatchesOf(
  manifest: AsyncIterable<Iterable<ManifestEntry>>,
  operation: Operation,
  context: OperationContext,
  onDiscovered: (extraTasks: number) => void,
  plans?: TaskPlanStore,
): AsyncGenerator<Iterable<Task>> {
  if (operation.expand) {
    const entries = async function* () {
      for await (const batch of manifest) yield* batch;
    };
    for await (const task of tasksOf(entries(), operation, context, onDiscovered, plans)) {
      yield [task];
    }
    return;
  }
  for await (const entries of manifest) yield objectTasksOf(entries);
}

function* objectTasksOf(entries: Iterable<ManifestEntry>): Generator<Task> {
  for (const entry of entries) if (entry.kind === 'object') yield defaultTask(entry);
}

/** The task that reports a prefix row whose expansion failed: the row's source prefix, failed. */
function rowFailure(entry: PrefixEntry, error: unknown): Task {
  return {
    id: entryTaskId(entry.location),
    object: { bucket: entry.source.bucket, key: entry.source.prefix },
    location: entry.location,
    failure: error,
  };
}

/**
 * The tasks of a manifest, in manifest order, lazily: entries are expanded one at a time.
 * `onDiscovered(n)` reports tasks beyond the one per object entry that preparing counted
 * (prefix rows, or an entry that expands into several tasks). With `plans`, a prefix row's tasks
 * are persisted before they are handed out, and a row planned before is replayed, not listed.
 */
export async function* tasksOf(
  manifest: AsyncIterable<ManifestEntry>,
  operation: Operation,
  context: OperationContext,
  onDiscovered: (extraTasks: number) => void,
  plans?: TaskPlanStore,
): AsyncGenerator<Task> {
  const expand = operation.expand?.bind(operation);
  for await (const entry of manifest) {
    if (!expand) {
      if (entry.kind === 'object') yield defaultTask(entry);
      continue;
    }
    let produced = 0;
    const tasks =
      entry.kind === 'prefix' && plans
        ? plannedExpansion(entry, expand, context, plans)
        : expand(entry, context);
    try {
      for await (const task of tasks) {
        produced++;
        if (entry.kind === 'prefix' || produced > 1) onDiscovered(1);
        yield task;
      }
    } catch (error) {
      // A prefix row that cannot be listed fails alone, as one task named by its row (a stable
      // id, so a resume does not report it twice); the other rows still run.
      if (entry.kind !== 'prefix' || error instanceof ManifestError) throw error;
      onDiscovered(1);
      yield rowFailure(entry, error);
    }
    // An object entry that expanded to nothing was counted once too many.
    if (entry.kind === 'object' && produced === 0) onDiscovered(-1);
  }
}
