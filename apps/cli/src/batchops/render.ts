import type { BatchOperationsProgress } from '@s3bulk/core';

/** `Active  812/10000 done (800 succeeded, 12 failed)  8%` */
export function describeProgress(progress: BatchOperationsProgress): string {
  const done = progress.succeeded + progress.failed;
  const total = progress.total;
  const pct = total ? `  ${Math.floor((done / total) * 100)}%` : '';
  const elapsed =
    progress.elapsedSeconds !== undefined ? `  ${progress.elapsedSeconds}s active` : '';
  return `${progress.status.padEnd(10)} ${done}/${total ?? '?'} done (${progress.succeeded} succeeded, ${progress.failed} failed)${pct}${elapsed}`;
}

/** The lines `describe` prints once a job is terminal (or at a single look). */
export function describeOutcome(progress: BatchOperationsProgress): string[] {
  const lines = [`Job ${progress.jobId}: ${describeProgress(progress)}`];
  for (const reason of progress.failureReasons) lines.push(`  failure: ${reason}`);
  if (progress.status === 'Suspended') {
    lines.push(`  waiting for confirmation: s3bulk batchops confirm ${progress.jobId}`);
  }
  return lines;
}
