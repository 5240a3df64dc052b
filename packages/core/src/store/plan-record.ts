import { JobError } from '../errors.js';
import type { Task } from '../operations/types.js';
import { decodePlanStep, type PlanStep } from './plan-step.js';

/**
 * One line of an expanded row's plan: a task the expansion handed out (a `PlanStep` relative to
 * the row; a whole `task` when it is not the plain sync shape, and in plans written before
 * steps), or the end of the row's expansion (`complete`, with how many tasks it planned). Tasks
 * are written before they run; a task's place among them is its `seq`.
 */
export type PlanRecord =
  { readonly task: Task } | PlanStep | { readonly complete: true; readonly tasks: number };

/**
 * Where a job keeps the plans of its expanded (prefix) rows, so a resume replays what the first
 * run planned instead of listing again. `rowId` is the row's task id (`<line>` or
 * `<line>@<file>`), never anything a manifest wrote.
 */
export interface TaskPlanStore {
  /** The row's plan so far, in the order written; a torn trailing write is ignored. */
  readPlan(rowId: string): AsyncIterable<PlanRecord>;
  /** Durably append to the row's plan; once this resolves the records survive a crash. */
  appendPlan(rowId: string, records: readonly PlanRecord[]): Promise<void>;
}

/** The store's plans, when it keeps them (both stores do; a test double may not). */
export function planStoreOf(
  store: Partial<{
    readPlan: TaskPlanStore['readPlan'];
    appendPlan: TaskPlanStore['appendPlan'];
  }>,
): TaskPlanStore | undefined {
  const { readPlan, appendPlan } = store;
  if (!readPlan || !appendPlan) return undefined;
  return {
    readPlan: (rowId) => readPlan.call(store, rowId),
    appendPlan: (rowId, records) => appendPlan.call(store, rowId, records),
  };
}

const ROW_ID = /^[1-9]\d{0,8}(?:@\d{1,6})?$/;

/** `rowId` if it is a row's task id (safe as a file or key name), else throws `JobError`. */
export function assertRowId(rowId: string): string {
  if (!ROW_ID.test(rowId)) {
    throw new JobError(`not a manifest row id: ${JSON.stringify(rowId)}`, 'InvalidRowId');
  }
  return rowId;
}

/** A plan line read back (JSON parsed), or undefined when it is not one. Dates are revived. */
export function decodePlanRecord(value: unknown): PlanRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as { task?: unknown; complete?: unknown; tasks?: unknown; k?: unknown };
  if (record.complete === true && typeof record.tasks === 'number') {
    return { complete: true, tasks: record.tasks };
  }
  if (typeof record.k === 'string') return decodePlanStep(record as Record<string, unknown>);
  const task = record.task as Partial<Task> | undefined;
  if (
    typeof task !== 'object' ||
    task === null ||
    typeof task.id !== 'string' ||
    typeof task.object?.bucket !== 'string' ||
    typeof task.object.key !== 'string' ||
    typeof task.location !== 'object'
  ) {
    return undefined;
  }
  const lastModified = task.facts?.lastModified as unknown;
  if (typeof lastModified !== 'string') return { task: task as Task };
  return {
    task: { ...(task as Task), facts: { ...task.facts, lastModified: new Date(lastModified) } },
  };
}
