// The AWS Batch / Fargate entrypoint: `node main.mjs <bucket> <key> [header] [sync_delete]`.
import { WORKER_EXIT } from '@s3bulk/core';
import { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';
import { createWorkerLogger } from './logger.js';
import { runWorker } from './run-worker.js';
import { parseWorkerConfig } from './worker-config.js';

async function main(): Promise<number> {
  let logger = createWorkerLogger();
  const stop = new AbortController();
  let deadlineReached = false;
  // First SIGTERM (Fargate Spot reclaim, a stopped task): stop taking tasks, flush checkpoint,
  // exit 143. A second one means the caller will not wait: leave at once.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(WORKER_EXIT.interrupted);
    logger.warn('stopping: flushing checkpoint', { signal });
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    const config = parseWorkerConfig(process.argv.slice(2), process.env);
    logger = createWorkerLogger(config);
    // Batch never retries an attempt it ends for its timeout, so the worker stops itself first
    // and exits retryable: the next attempt resumes from the checkpoint.
    if (config.deadlineSeconds !== undefined) {
      setTimeout(() => {
        if (stop.signal.aborted) return;
        deadlineReached = true;
        logger.warn('deadline reached: flushing checkpoint', {
          deadlineSeconds: config.deadlineSeconds,
        });
        stop.abort();
      }, config.deadlineSeconds * 1000).unref();
    }
    const { summary } = await runWorker(config, logger, stop.signal);
    const code = exitCodeOfSummary(summary);
    return deadlineReached && code === WORKER_EXIT.interrupted ? WORKER_EXIT.retryable : code;
  } catch (error) {
    const code = deadlineReached ? WORKER_EXIT.retryable : exitCodeOfError(error);
    logger.error('shard stopped', {
      error: error as Error,
      exitCode: code,
      retryable: code === WORKER_EXIT.retryable,
    });
    return code;
  }
}

// Exit explicitly: keep-alive sockets and SDK timers must not hold a finished container.
process.exit(await main());
