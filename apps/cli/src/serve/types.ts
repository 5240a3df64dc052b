import type { CreateJobCommandInput, S3Tag } from '@aws-sdk/client-s3-control';
import type { JobEvent, JobSpec, JobStatus, JobSummary, StoredManifest } from '@s3bulk/core';

/** A CreateJob request as the registry keeps it: JSON (dates as ISO strings), no account id. */
export type CreateJobRecord = Omit<CreateJobCommandInput, 'AccountId'>;

/** One job of the service, as DescribeJob shows it and `--data-dir` keeps it. */
export interface ServiceJob {
  readonly jobId: string;
  readonly accountId: string;
  readonly request: CreateJobRecord;
  readonly createdAt: string;
  status: JobStatus;
  priority: number;
  tags: S3Tag[];
  statusUpdateReason?: string;
  failureReasons: { FailureCode: string; FailureReason: string }[];
  suspendedAt?: string;
  suspendedCause?: string;
  terminatedAt?: string;
  total?: number;
  succeeded: number;
  failed: number;
  /** Time spent Active by earlier runs of the job (a restart resumes it). */
  activeMsBefore: number;
  /** Time spent Active by the run under way. */
  activeMs: number;
  reportPath?: string;
  /** Where a ManifestGenerator job's manifest was written in Preparing (DescribeJob shows it). */
  generatedManifest?: { location: string; etag: string };
  /** Failed tasks by error code (the console groups failure reasons by it). */
  failuresByCode: Record<string, number>;
  /** Tasks done (succeeded + failed) over time, for the console's throughput chart. */
  samples: { at: string; done: number }[];
}

/**
 * How the server runs a job: everything that reaches S3 (or Lambda, DynamoDB) is here, so the
 * server itself never builds a client. The default is wired to core in `job-runtime.ts`.
 */
export interface JobRuntime {
  /**
   * What the service does in Preparing: assume the role, check the manifest object still has
   * the ETag given (or write a ManifestGenerator's listing), and count the tasks.
   */
  prepare(spec: JobSpec, options: PrepareOptions): Promise<PreparedJob>;
  /** Run (or resume, when the job folder has it) the job to its end. */
  run(spec: JobSpec, options: RunOptions): Promise<JobSummary>;
}

export interface JobAccess {
  /** The job's folder: spec, ledger and state (`LocalJobStore`). */
  readonly jobsDir: string;
  /** The job's `RoleArn` when the server assumes roles: every client of the job uses it. */
  readonly roleArn?: string;
}

export interface PrepareOptions extends JobAccess {
  /** The manifest object whose ETag must still match (absent for a generated manifest). */
  readonly manifestObject?: StoredManifest;
}

/** What Preparing found: DescribeJob shows it before the job runs. */
export interface PreparedJob {
  readonly total: number;
  /** A ManifestGenerator's manifest, when written to S3 (`manifest.json` and its ETag). */
  readonly generatedManifest?: { readonly location: string; readonly etag: string };
}

export interface RunOptions extends JobAccess {
  readonly signal: AbortSignal;
  readonly onEvent: (event: JobEvent) => void;
}
