import { Action, Reason, RetryStrategy } from 'aws-cdk-lib/aws-batch';
import { WORKER_RETRYABLE_EXIT_CODES } from '@s3bulk/core';

/** AWS Batch accepts at most five `evaluateOnExit` conditions per job definition. */
const MAX_CONDITIONS = 5;

/**
 * How Batch reacts to a finished attempt, in order (the first match wins): retry the worker's
 * retryable exit codes (the next attempt resumes from the S3 checkpoint) and a container image
 * that could not be pulled; exit on every other exit code (permanent: bad manifest or spec,
 * tasks failed and reported, failure threshold crossed). Attempts that end without an exit
 * code (Fargate capacity or network setup trouble) match nothing and Batch retries them.
 */
export function workerRetryStrategies(
  retryableExitCodes: readonly number[] = WORKER_RETRYABLE_EXIT_CODES,
): RetryStrategy[] {
  const strategies = [
    ...retryableExitCodes.map((code) =>
      RetryStrategy.of(Action.RETRY, Reason.custom({ onExitCode: String(code) })),
    ),
    RetryStrategy.of(Action.RETRY, Reason.custom({ onReason: 'CannotPullContainerError*' })),
    RetryStrategy.of(Action.EXIT, Reason.custom({ onExitCode: '*' })),
  ];
  if (strategies.length > MAX_CONDITIONS) {
    throw new RangeError(
      `worker retry: ${strategies.length} evaluateOnExit conditions, AWS Batch allows ${MAX_CONDITIONS}`,
    );
  }
  return strategies;
}
