import type { TaskEffect } from '../operations/types.js';

/** Job states, as S3 Batch Operations names them. */
export type JobStatus =
  | 'New'
  | 'Preparing'
  | 'Suspended'
  | 'Ready'
  | 'Active'
  | 'Completing'
  | 'Complete'
  | 'Failing'
  | 'Failed'
  | 'Cancelling'
  | 'Cancelled';

/** Engine tunables. */
export interface EngineSettings {
  /** Tasks in flight at most (and the HTTP pool size). @default 64 */
  readonly concurrency: number;
  /** Throttling never lowers concurrency below this. @default 4 */
  readonly minConcurrency: number;
  /** Attempts per task, the first included. @default 8 */
  readonly maxAttempts: number;
  /** First retry delay; doubles each attempt, with full jitter. @default 100 */
  readonly baseDelayMs: number;
  /** Longest retry delay. @default 10000 */
  readonly maxDelayMs: number;
  /** The job fails once at least `minTasks` ran and more than `ratio` of them failed. */
  readonly failureThreshold: { readonly minTasks: number; readonly ratio: number };
  /**
   * An attempt that takes longer fails as a temporary `RequestTimeout` (and its `signal` aborts),
   * so a hung endpoint cannot stall a job. Size it above the slowest legitimate attempt (a
   * multipart copy of a large object). @default no limit
   */
  readonly attemptTimeoutMs?: number;
}

/** What happened to one task: one report row. */
export interface TaskResult {
  readonly taskId: string;
  /** The task's `seq` in its prefix row's plan, when it has one. */
  readonly seq?: number;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly status: 'succeeded' | 'failed';
  readonly errorCode?: string;
  readonly httpStatus?: number;
  /**
   * The ResultMessage as said: a failure's, an operation's own, or `Successful`. Absent when the
   * result carries `effect` instead: the sentence is worded from it where it is read
   * (`resultMessage`), so no task words a sentence nobody reads.
   */
  readonly message?: string;
  /** What a copy or sync delete did: its ResultMessage is worded from it on read. */
  readonly effect?: TaskEffect;
  readonly bytes?: number;
  readonly attempts: number;
}

/** Live counters of a job. */
export interface JobCounters {
  /** Known once preparing has counted the manifest (prefix rows count as they expand). */
  readonly total?: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly bytes: number;
  readonly retries: number;
  readonly concurrency: number;
}

/** Persisted job state: lets `jobs describe` and `--resume` see where a job stands. */
export interface JobState {
  readonly status: JobStatus;
  readonly counters: JobCounters;
  readonly updatedAt: string;
  readonly reportPath?: string;
  readonly failureReason?: string;
}

export type JobEvent =
  | { readonly type: 'status'; readonly status: JobStatus }
  | {
      readonly type: 'progress';
      readonly counters: JobCounters;
      /** Since this run started. */
      readonly elapsedMs: number;
      /** Tasks with results from earlier runs of the job (a resume): not part of this run's rate. */
      readonly doneBefore?: number;
    }
  | { readonly type: 'task'; readonly result: TaskResult }
  | { readonly type: 'throttled'; readonly concurrency: number };

/** The final word on a job: the `--json` summary of `s3bulk run`. */
export interface JobSummary {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly reportPath?: string;
  readonly durationMs: number;
  readonly failureReason?: string;
}
