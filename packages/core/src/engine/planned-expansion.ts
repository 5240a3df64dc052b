import { entryTaskId } from '../manifest/entry-id.js';
import type { PrefixEntry } from '../manifest/types.js';
import type { Operation, OperationContext, Task } from '../operations/types.js';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import type { PlanRecord, TaskPlanStore } from '../store/plan-record.js';
import { planStepOf, taskOfStep } from '../store/plan-step.js';

export interface PlannedExpansionOptions {
  /** Tasks per durable plan append at most. @default 1000 (one listing page) */
  readonly batchSize?: number;
  /** A partial batch is appended once no further task came for this long, in ms. @default 50 */
  readonly lingerMs?: number;
}

type Expand = NonNullable<Operation['expand']>;

/**
 * A prefix row's tasks, planned once: the first run appends each batch of tasks the listing diff
 * gives to the row's plan (durably) before handing any of them out, then marks the plan
 * complete; a resume replays the plan and lists only what the plan does not cover yet. So a task
 * whose work reached S3 but not the ledger is still handed out (and reported) after a crash,
 * where a fresh listing would see it done and drop it.
 *
 * Tasks of a prefix row have ids `<row>:<key>` in strictly ascending S3 key order (the merge walk
 * of `planSync`); the plan's last key is where listing resumes. Memory: one batch.
 */
export async function* plannedExpansion(
  entry: PrefixEntry,
  expand: Expand,
  context: OperationContext,
  plans: TaskPlanStore,
  options: PlannedExpansionOptions = {},
): AsyncGenerator<Task> {
  const rowId = entryTaskId(entry.location);
  let last: string | undefined;
  // Each task's place in the plan: with the row id, what the ledger remembers it by.
  let seq = 0;
  for await (const record of plans.readPlan(rowId)) {
    if ('complete' in record) return;
    const task = 'task' in record ? { ...record.task, seq } : taskOfStep(record, entry, rowId, seq);
    last = keyOf(rowId, task);
    seq++;
    yield task;
  }
  const listed = expand(entry, context, last === undefined ? {} : { after: last });
  // An operation that cannot list from a key starts over: what the plan holds is skipped.
  const fresh = last === undefined ? listed : after(listed, rowId, last);
  for await (const batch of batchesOf(fresh, options.batchSize ?? 1000, options.lingerMs ?? 50)) {
    const numbered = batch.map((task): Task => ({ ...task, seq: seq++ }));
    await plans.appendPlan(
      rowId,
      numbered.map((task): PlanRecord => planStepOf(task, entry, rowId) ?? { task }),
    );
    yield* numbered;
  }
  await plans.appendPlan(rowId, [{ complete: true, tasks: seq }]);
}

/** The key a task of row `rowId` sorts by: its id past `<row>:`. */
function keyOf(rowId: string, task: Task): string {
  return task.id.startsWith(`${rowId}:`) ? task.id.slice(rowId.length + 1) : task.id;
}

async function* after(tasks: AsyncIterable<Task>, rowId: string, last: string) {
  for await (const task of tasks) if (compareKeys(keyOf(rowId, task), last) > 0) yield task;
}

/**
 * Items in batches of at most `size`: a batch goes out when full, when the source ends, or when
 * the source gave nothing more for `lingerMs` (a sparse diff must not hold tasks back until a
 * long listing ends). The next item is awaited meanwhile, never dropped.
 */
export async function* batchesOf<T>(
  source: AsyncIterable<T>,
  size: number,
  lingerMs: number,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let batch: T[] = [];
  let next: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      next ??= iterator.next();
      const result = batch.length === 0 ? await next : await within(next, lingerMs);
      if (result === undefined) {
        yield batch;
        batch = [];
        continue;
      }
      next = undefined;
      if (result.done) break;
      batch.push(result.value);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    // Stopped early with an item still being fetched: its failure is of no interest any more.
    next?.catch(() => undefined);
    await iterator.return?.();
  }
}

/** `promise`'s result, or undefined if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
