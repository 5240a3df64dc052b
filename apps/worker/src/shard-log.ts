import type { Logger } from '@aws-lambda-powertools/logger';
import type { ShardEvent } from '@s3bulk/core';

/** How often progress is logged. @default 10000 */
const PROGRESS_LOG_MS = 10_000;

/** A shard's events as JSON log lines: milestones always, progress every 10 seconds. */
export function logShardEvents(logger: Logger): (event: ShardEvent) => void {
  let lastProgress = 0;
  return (event) => {
    switch (event.type) {
      case 'shard-planned':
        logger.info('shard planned', {
          operation: event.operation,
          share: event.share,
          ...(event.prefixRows !== undefined ? { prefixRows: event.prefixRows } : {}),
        });
        return;
      case 'shard-resumed':
        logger.info('resuming from checkpoint', { checkpoint: event.checkpoint });
        return;
      case 'shard-finished':
        logger.info('shard finished', { summary: event.summary });
        return;
      case 'report-waiting':
        logger.info('report left to the last shard', {
          complete: event.complete,
          shards: event.shards,
        });
        return;
      case 'report-written':
        logger.info('report written', {
          reportPath: event.reportPath,
          succeeded: event.succeeded,
          failed: event.failed,
        });
        return;
      case 'status':
        logger.info('status', { status: event.status });
        return;
      case 'throttled':
        logger.warn('throttled', { concurrency: event.concurrency });
        return;
      case 'progress':
        if (Date.now() - lastProgress < PROGRESS_LOG_MS) return;
        lastProgress = Date.now();
        logger.info('progress', { counters: event.counters, elapsedMs: event.elapsedMs });
        return;
      default:
        return;
    }
  };
}
