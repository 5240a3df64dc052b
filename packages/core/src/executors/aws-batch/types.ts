import type { JobEvent, JobSummary } from '../../engine/types.js';
import type { JobSpec } from '../../job/types.js';
import type { ShardRef } from './shard/types.js';

/** AWS Batch job states, in the order a job moves through them. */
export const BATCH_JOB_STATES = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEEDED',
  'FAILED',
] as const;

export type BatchJobState = (typeof BATCH_JOB_STATES)[number];

/** States after which a job never changes. */
export const FINAL_BATCH_STATES: ReadonlySet<BatchJobState> = new Set(['SUCCEEDED', 'FAILED']);

/** What `s3bulk submit` asks AWS Batch for. */
export interface SubmitBatchJobOptions {
  readonly jobName: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
  /** Children of the array job; 1 submits a single job. @default 1 */
  readonly shards?: number;
  /** Where the manifest is: the job definition's `Ref::s3_bucket` and `Ref::s3_key`. */
  readonly manifest: { readonly bucket: string; readonly key: string };
  /** Extra job parameters (e.g. `header`, `sync_delete` when the definition refers to them). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Container environment overrides (the worker's `ENV` names). */
  readonly environment?: Readonly<Record<string, string>>;
  /** Replaces the job definition's command. */
  readonly command?: readonly string[];
  /** Attempts (`retryStrategy.attempts`); the job definition's when absent. */
  readonly attempts?: number;
  /** Job timeout in seconds; the job definition's when absent. */
  readonly timeoutSeconds?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface SubmittedBatchJob {
  readonly jobId: string;
  readonly jobName: string;
  readonly jobArn?: string;
  /** 1 for a single job. */
  readonly shards: number;
}

/** Counts of an array job's children by state. */
export type ChildSummary = Partial<Record<BatchJobState, number>>;

/** One Batch job as `s3bulk jobs list|describe` shows it (the `--json` contract). */
export interface BatchJobInfo {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: BatchJobState;
  readonly statusReason?: string;
  readonly jobQueue?: string;
  readonly jobDefinition?: string;
  readonly createdAt?: string;
  readonly startedAt?: string;
  readonly stoppedAt?: string;
  /** Array jobs: the number of children. */
  readonly arraySize?: number;
  /** Array parents: children by state. */
  readonly children?: ChildSummary;
  /** Attempts made so far (children of an array job, or a single job). */
  readonly attempts?: number;
  readonly exitCode?: number;
  readonly parameters?: Readonly<Record<string, string>>;
  /** The container's environment, overrides included (the worker's settings). */
  readonly environment?: Readonly<Record<string, string>>;
}

/** One child of an AWS Batch array job: which job, which share, which attempt. */
export interface ShardInput {
  /** The job, as `s3bulk submit` wrote it (or the worker's edge translated the seed's argv). */
  readonly spec: JobSpec;
  readonly shard: ShardRef;
  /** Batch attempt, 1-based; kept in checkpoint segment names. */
  readonly attempt: number;
  /** `s3://bucket/prefix/` under which `<jobId>/shard-<i>/` holds this shard's checkpoint. */
  readonly checkpoint: string;
}

/** What a shard does besides the engine's own events, for the edge to log. */
export type ShardEvent =
  | JobEvent
  | {
      readonly type: 'shard-planned';
      readonly operation: string;
      readonly share: Record<string, unknown>;
      readonly prefixRows?: number;
    }
  | { readonly type: 'shard-resumed'; readonly checkpoint: string }
  | { readonly type: 'shard-finished'; readonly summary: JobSummary }
  | {
      readonly type: 'report-waiting';
      readonly complete: number;
      readonly shards: number;
    }
  | {
      readonly type: 'report-written';
      readonly reportPath: string;
      readonly succeeded: number;
      readonly failed: number;
    };
