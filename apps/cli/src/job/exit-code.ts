import type { JobSummary } from '@s3bulk/core';
import { EXIT } from '../exit-codes.js';

/** The documented exit code of a finished (or stopped) job. */
export function exitCodeOf(summary: JobSummary, interrupted: boolean): number {
  if (summary.status === 'Failed') return EXIT.jobFailed;
  if (summary.status === 'Cancelled' || (interrupted && summary.status !== 'Complete'))
    return EXIT.interrupted;
  return summary.failed > 0 ? EXIT.tasksFailed : EXIT.ok;
}
