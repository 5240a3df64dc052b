import type { JobState, TaskResult } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';
import type { PlanRecord } from './plan-record.js';

/**
 * Where a job keeps its spec, ledger and state: a local job folder (CLI) or an S3 prefix
 * (AWS Batch workers). Results appended here are the ledger: committed work is never redone.
 */
export interface JobStore {
  /** Human-readable place: `.s3bulk/jobs/<id>` or `s3://bucket/prefix/`. */
  readonly location: string;
  readSpec(): Promise<JobSpec | undefined>;
  writeSpec(spec: JobSpec): Promise<void>;
  /** Every committed result, each once (a torn trailing write is ignored). */
  readResults(): AsyncIterable<TaskResult>;
  /** Durably append results; once this resolves they survive a crash. */
  appendResults(results: readonly TaskResult[]): Promise<void>;
  readState(): Promise<JobState | undefined>;
  writeState(state: JobState): Promise<void>;
  /**
   * The plan of expanded row `rowId` (`<line>` or `<line>@<file>`) so far, in the order written;
   * a torn trailing write is ignored. With `appendPlan`, lets a resume replay the tasks a prefix
   * row planned instead of listing it again (see `TaskPlanStore`). Both stores have it.
   */
  readPlan?(rowId: string): AsyncIterable<PlanRecord>;
  /** Durably append to row `rowId`'s plan; once this resolves the records survive a crash. */
  appendPlan?(rowId: string, records: readonly PlanRecord[]): Promise<void>;
  /**
   * Hold the store for this process alone until `close()`, so two runs of one job never run at
   * once; a second is refused with `JobLockedError`. Idempotent. `runJob` calls it before writing.
   * `LocalJobStore` has it; `S3JobStore` does not (one AWS Batch attempt at a time per shard).
   */
  lock?(): Promise<void>;
  /** Release what the store holds open (file handles, the lock); it reopens on the next call. */
  close?(): Promise<void>;
}
