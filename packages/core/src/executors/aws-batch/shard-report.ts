import type { S3Client } from '@aws-sdk/client-s3';
import type { ReportSpec } from '../../report/types.js';
import type { ShardEvent, ShardInput } from './types.js';
import { combineShardReports, readShardProgress } from './shard-checkpoints.js';

export interface CombineIfLastInput extends ShardInput {
  /** A control client that reads the checkpoints and writes the report. */
  readonly s3: S3Client;
  readonly report: ReportSpec;
}

/**
 * The last shard to finish writes the job's report from every shard's ledger. Two shards that
 * finish together may both write it; each writes a whole report to the same results keys (named
 * from the job id) and `manifest.json` last, so one complete report is left either way.
 * @returns the report's `manifest.json`, or undefined when other shards are still running
 */
export async function combineIfLastShard(
  input: CombineIfLastInput,
  emit: (event: ShardEvent) => void,
): Promise<string | undefined> {
  const { s3, checkpoint, spec, shard } = input;
  const progress = await readShardProgress(s3, checkpoint, spec.jobId, shard.count);
  const complete = progress.states.filter((s) => s?.status === 'Complete').length;
  if (complete < shard.count) {
    emit({ type: 'report-waiting', complete, shards: shard.count });
    return undefined;
  }
  const owner = spec.aws.expectedBucketOwner;
  const reportPath = await combineShardReports({
    s3,
    checkpoint,
    jobId: spec.jobId,
    shards: shard.count,
    location: input.report.location,
    scope: input.report.scope,
    ...(owner ? { expectedBucketOwner: owner } : {}),
  });
  emit({
    type: 'report-written',
    reportPath,
    succeeded: progress.succeeded,
    failed: progress.failed,
  });
  return reportPath;
}
