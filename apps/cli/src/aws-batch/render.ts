import type { BatchJobInfo, S3BulkBatchJobStatus } from '@s3bulk/core';

/** `12 SUCCEEDED, 3 RUNNING` from an array's child summary, states with no child left out. */
export function describeChildren(children: BatchJobInfo['children']): string {
  const parts = Object.entries(children ?? {})
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([state, n]) => `${n} ${state}`);
  return parts.length > 0 ? parts.join(', ') : 'none yet';
}

/** One line per job for `jobs list`. */
export function describeListedJob(job: BatchJobInfo): string {
  const size = job.arraySize ? ` [${job.arraySize} shards]` : '';
  return `${job.jobId}  ${job.status.padEnd(9)}  ${job.jobName}${size}  ${job.createdAt ?? ''}`;
}

/** A one-line status for `jobs watch`, printed when it changes. */
export function describeStatusLine(status: S3BulkBatchJobStatus): string {
  const { job, progress } = status;
  const children = job.arraySize ? ` | shards: ${describeChildren(job.children)}` : '';
  const objects = progress
    ? ` | objects: ${progress.succeeded} succeeded, ${progress.failed} failed`
    : '';
  return `${job.status}${children}${objects}`;
}

/** The lines of `jobs describe`. */
export function describeJob(status: S3BulkBatchJobStatus): string[] {
  const { job, progress } = status;
  const lines = [
    `Job ${job.jobName} (${job.jobId}): ${job.status}${job.statusReason ? ` (${job.statusReason})` : ''}`,
  ];
  if (job.jobQueue) lines.push(`  Queue:       ${job.jobQueue}`);
  if (job.jobDefinition) lines.push(`  Definition:  ${job.jobDefinition}`);
  if (job.parameters?.s3_bucket) {
    lines.push(`  Manifest:    s3://${job.parameters.s3_bucket}/${job.parameters.s3_key ?? ''}`);
  }
  if (job.arraySize)
    lines.push(`  Shards:      ${job.arraySize} (${describeChildren(job.children)})`);
  if (job.createdAt) lines.push(`  Created:     ${job.createdAt}`);
  if (job.stoppedAt) lines.push(`  Stopped:     ${job.stoppedAt}`);
  if (progress) {
    lines.push(
      `  Objects:     ${progress.succeeded} succeeded, ${progress.failed} failed (${progress.finished} of ${progress.shards} shards finished)`,
    );
  } else if (status.progressUnavailable) {
    lines.push(`  Objects:     unknown (${status.progressUnavailable})`);
  }
  if (status.checkpoint) lines.push(`  Checkpoints: ${status.checkpoint}`);
  return lines;
}
