import {
  ConfigError,
  JobError,
  ManifestError,
  OperationSpecError,
  WORKER_EXIT,
  classifyError,
  type JobSummary,
  type WorkerExitCode,
} from '@s3bulk/core';

/** The exit code of a shard that ran to an end (see `WORKER_EXIT`). */
export function exitCodeOfSummary(summary: JobSummary): WorkerExitCode {
  switch (summary.status) {
    case 'Complete':
      return summary.failed > 0 ? WORKER_EXIT.tasksFailed : WORKER_EXIT.ok;
    case 'Cancelled':
    case 'Cancelling':
      return WORKER_EXIT.interrupted;
    case 'Failed':
    case 'Failing':
      return WORKER_EXIT.jobFailed;
    default:
      return WORKER_EXIT.retryable;
  }
}

/**
 * The exit code of a shard stopped by an error: bad input is permanent (a retry fails the same
 * way), trouble reaching AWS is retryable (the next attempt resumes from the checkpoint).
 */
export function exitCodeOfError(error: unknown): WorkerExitCode {
  if (
    error instanceof ManifestError ||
    error instanceof OperationSpecError ||
    error instanceof ConfigError
  ) {
    return WORKER_EXIT.permanent;
  }
  if (error instanceof JobError && error.cause === undefined) return WORKER_EXIT.permanent;
  const cause = error instanceof JobError ? error.cause : error;
  return classifyError(cause).temporary ? WORKER_EXIT.retryable : WORKER_EXIT.permanent;
}
