/**
 * Exit codes of the AWS Batch worker: the contract between the container and the job
 * definition's `retryStrategy.evaluateOnExit` (apps/infra reads these same constants).
 */
export const WORKER_EXIT = {
  /** Every task of the shard succeeded. */
  ok: 0,
  /** Bad manifest, operation spec or configuration: a retry would fail the same way. */
  permanent: 2,
  /** The shard finished, some tasks failed; they are in the report. Retrying would redo nothing. */
  tasksFailed: 3,
  /** The failure threshold was crossed (S3 Batch Operations' 50% rule). */
  jobFailed: 4,
  /**
   * Throttled out, network or service trouble before the shard finished, or the worker's own
   * deadline (`ENV.deadlineSeconds`) reached with the checkpoint flushed: retry resumes it.
   */
  retryable: 75,
  /**
   * SIGTERM (a Fargate Spot reclaim, a stopped task): checkpoint flushed; Batch retries it when
   * attempts remain. An attempt Batch ends for its timeout also gets SIGTERM but is never
   * retried, whatever its exit code: the deadline exists so the worker stops before that.
   */
  interrupted: 143,
} as const;

export type WorkerExitCode = (typeof WORKER_EXIT)[keyof typeof WORKER_EXIT];

/**
 * Exit codes Batch should retry (`evaluateOnExit` action RETRY). 137 is a SIGKILL (OOM kill,
 * forced stop): nothing was flushed by the worker, but the S3 checkpoint still lets it resume.
 */
export const WORKER_RETRYABLE_EXIT_CODES: readonly number[] = [
  WORKER_EXIT.retryable,
  WORKER_EXIT.interrupted,
  137,
];
