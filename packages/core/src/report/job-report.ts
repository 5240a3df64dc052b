import type { S3Client } from '@aws-sdk/client-s3';
import { writeCompletionReport } from './write-report.js';
import type { ReportRow } from './types.js';
import { CommittedTasks } from '../store/committed-tasks.js';
import type { TaskResult } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';
import type { JobStore } from '../store/types.js';

/**
 * Build the job's completion report from its ledger, so it has exactly one row per task however
 * many runs (resumes) the job took. Returns the `manifest.json` location, or undefined when the
 * job asked for no report.
 */
export async function writeJobReport(
  spec: JobSpec,
  store: JobStore,
  s3: S3Client,
): Promise<string | undefined> {
  if (!spec.report) return undefined;
  return writeCompletionReport(uniqueResults(store.readResults()), {
    location: spec.report.location,
    scope: spec.report.scope,
    jobId: spec.jobId,
    s3,
    ...(spec.aws.expectedBucketOwner ? { expectedBucketOwner: spec.aws.expectedBucketOwner } : {}),
  });
}

/** The ledger's results, the first of each task id only. */
export async function* uniqueResults(results: AsyncIterable<TaskResult>): AsyncIterable<ReportRow> {
  const seen = new CommittedTasks();
  for await (const result of results) {
    if (seen.add(result.taskId, result.seq)) yield result;
  }
}
