import type { EngineSettings } from './types.js';

/**
 * The rule of S3 Batch Operations: a job fails once at least `minTasks` tasks have run and more
 * than `ratio` of them failed. Counts include results committed by earlier runs of the job.
 */
export function failureThresholdExceeded(
  succeeded: number,
  failed: number,
  threshold: EngineSettings['failureThreshold'],
): boolean {
  const ran = succeeded + failed;
  if (ran === 0 || ran < threshold.minTasks) return false;
  return failed / ran > threshold.ratio;
}

/** Why the job failed, in the words `jobs describe` and `--json` show. */
export function failureThresholdReason(
  succeeded: number,
  failed: number,
  threshold: EngineSettings['failureThreshold'],
): string {
  const ran = succeeded + failed;
  const percent = Math.round((failed / Math.max(ran, 1)) * 1000) / 10;
  return (
    `${failed} of ${ran} tasks failed (${percent}%), above the failure threshold of ` +
    `${threshold.ratio * 100}% once at least ${threshold.minTasks} tasks have run`
  );
}
