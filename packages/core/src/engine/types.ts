import type { ManifestEntry, ManifestInput } from '../manifest/types.js';
import type { Operation, OperationContext, OperationSettings } from '../operations/types.js';
import type { AwsSettings } from '../config/types.js';
import type { PlanRecord } from '../store/plan-record.js';

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

export type ReportScope = 'AllTasks' | 'FailedTasksOnly';

/** Where the completion report goes. */
export interface ReportSpec {
  /** A local folder or `s3://bucket/prefix`. */
  readonly location: string;
  /** @default 'AllTasks' */
  readonly scope: ReportScope;
}

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

/** Everything needed to run (and resume) a job, persisted with it as JSON. */
export interface JobSpec {
  readonly version: 1;
  readonly jobId: string;
  readonly createdAt: string;
  readonly manifest: ManifestInput;
  /** The `Operation` JSON as given (for pairs manifests: `{ S3BulkPairs: {...} }`). */
  readonly operation: Record<string, unknown>;
  readonly report?: ReportSpec;
  readonly engine: Partial<EngineSettings>;
  readonly aws: AwsSettings;
  /** Multipart threshold and part size the job was created with (`--multipart-threshold`, `--part-size`). */
  readonly operationSettings?: Partial<OperationSettings>;
}

/** What happened to one task: one report row. */
export interface TaskResult {
  readonly taskId: string;
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly status: 'succeeded' | 'failed';
  readonly errorCode?: string;
  readonly httpStatus?: number;
  readonly message: string;
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
  | { readonly type: 'progress'; readonly counters: JobCounters; readonly elapsedMs: number }
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

/** What `runJob` needs; the edge builds it (clients, store) and passes it in. */
export interface RunJobOptions {
  readonly spec: JobSpec;
  readonly operation: Operation;
  /** Opens the manifest afresh (it is read once to prepare and once to run). */
  readonly manifest: () => AsyncIterable<ManifestEntry>;
  readonly context: Omit<OperationContext, 'signal'>;
  readonly store: JobStore;
  readonly settings: EngineSettings;
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
  /** How often `progress` events are emitted and `state.json` refreshed. @default 500 */
  readonly progressIntervalMs?: number;
}
