import type { JobSummary } from '@s3bulk/core';
import { formatSeconds } from './progress-stats.js';

/** The `--json` contract of `s3bulk run`: exactly these keys, in this order. */
export interface RunResult {
  readonly jobId: string;
  readonly status: JobSummary['status'];
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly reportPath: string | null;
  readonly durationMs: number;
  readonly failureReason?: string;
}

export function runResultOf(summary: JobSummary): RunResult {
  return {
    jobId: summary.jobId,
    status: summary.status,
    total: summary.total,
    succeeded: summary.succeeded,
    failed: summary.failed,
    reportPath: summary.reportPath ?? null,
    durationMs: summary.durationMs,
    ...(summary.failureReason ? { failureReason: summary.failureReason } : {}),
  };
}

/** The few lines a person reads when a job ends. */
export function describeSummary(summary: JobSummary): string[] {
  const lines = [
    `Job ${summary.jobId}: ${summary.status}. ${summary.total} tasks, ${summary.succeeded} succeeded, ${summary.failed} failed in ${formatSeconds(summary.durationMs / 1000)}.`,
  ];
  if (summary.failureReason) lines.push(`Reason: ${summary.failureReason}`);
  if (summary.reportPath) lines.push(`Report: ${summary.reportPath}`);
  else if (summary.failed > 0)
    lines.push('No report was asked for: add --report <dir|s3://bucket/prefix> to list failures.');
  return lines;
}
