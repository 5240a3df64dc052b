import { Logger } from '@aws-lambda-powertools/logger';

/** The keys every line of one shard's log carries. */
export interface WorkerLogKeys {
  readonly jobId: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly attempt: number;
}

/**
 * JSON logs (one object a line, for CloudWatch Logs Insights) that always carry the job id,
 * shard and attempt. `POWERTOOLS_LOG_LEVEL` sets the level.
 */
export function createWorkerLogger(keys?: WorkerLogKeys): Logger {
  return new Logger({
    serviceName: 's3bulk-worker',
    ...(keys
      ? {
          persistentKeys: {
            jobId: keys.jobId,
            shard: keys.shard.index,
            shards: keys.shard.count,
            attempt: keys.attempt,
          },
        }
      : {}),
  });
}
