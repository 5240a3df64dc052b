import type { S3Client } from '@aws-sdk/client-s3';
import type { ManifestEntry } from '../manifest/types.js';
import type { JobSpec } from '../job/types.js';
import type { JobStore } from '../store/types.js';
import type { Operation, OperationContext, TaskEffect } from '../operations/types.js';

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
  readonly message: string;
  /** What a copy or sync delete did, when `message` is worded from it (`effectMessage`). */
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

/** What `runJob` needs; the edge builds it (clients, store) and passes it in. */
export interface RunJobOptions {
  readonly spec: JobSpec;
  readonly operation: Operation;
  /** Opens the manifest afresh (it is read once to prepare and once to run). */
  readonly manifest: () => AsyncIterable<ManifestEntry>;
  /**
   * The same manifest a batch of entries at a time (`openManifestBatches`): when given, both
   * passes read it so, without an async step per entry. @default `manifest`, an entry at a time
   */
  readonly manifestBatches?: () => AsyncIterable<Iterable<ManifestEntry>>;
  readonly context: Omit<OperationContext, 'signal'>;
  readonly store: JobStore;
  readonly settings: EngineSettings;
  /** Writes the completion report (a control client). @default `context.s3.destination` */
  readonly reportClient?: S3Client;
  /** Abort = graceful stop: no new tasks, in-flight ones finish, ledger flushed. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: JobEvent) => void;
  /** How results are batched into the ledger. @default { batchSize: 500, flushIntervalMs: 250 } */
  readonly ledger?: {
    /** Results per durable append at most. @default 500 */
    readonly batchSize?: number;
    /** A partial batch is appended after this long. @default 250 */
    readonly flushIntervalMs?: number;
  };
  /** Write the completion report of a cancelled job too, as S3 Batch Operations does. @default false */
  readonly reportWhenCancelled?: boolean;
  /** How often `progress` events are emitted and `state.json` refreshed. @default 500 */
  readonly progressIntervalMs?: number;
}
