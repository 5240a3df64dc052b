import { Logger } from '@aws-lambda-powertools/logger';
import type { WorkerConfig } from './worker-config.js';

/**
 * JSON logs (one object a line, for CloudWatch Logs Insights) that always carry the job id,
 * shard and attempt. `POWERTOOLS_LOG_LEVEL` sets the level.
 */
export function createWorkerLogger(config?: WorkerConfig): Logger {
  return new Logger({
    serviceName: 's3bulk-worker',
    ...(config
      ? {
          persistentKeys: {
            jobId: config.jobId,
            shard: config.shard.index,
            shards: config.shard.count,
            attempt: config.attempt,
          },
        }
      : {}),
  });
}
