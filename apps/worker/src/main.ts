// The AWS Batch / Fargate entrypoint: `node main.mjs` with S3BULK_SPEC (what `s3bulk submit`
// sets), or the seed's `node main.mjs <bucket> <key> [header] [sync_delete]`.
import { WORKER_EXIT, resolveShardSpec, runShard } from '@s3bulk/core';
import { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';
import { createWorkerLogger } from './logger.js';
import { logShardEvents } from './shard-log.js';
import { parseWorkerInput } from './worker-spec.js';

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
    const input = parseWorkerInput(process.argv.slice(2), process.env);
    // Batch never retries an attempt it ends for its timeout, so the worker stops itself first
    // and exits retryable: the next attempt resumes from the checkpoint.
    if (input.deadlineSeconds !== undefined) {
      setTimeout(() => {
        if (stop.signal.aborted) return;
        deadlineReached = true;
        logger.warn('deadline reached: flushing checkpoint', {
          deadlineSeconds: input.deadlineSeconds,
        });
        stop.abort();
      }, input.deadlineSeconds * 1000).unref();
    }
    logger = createWorkerLogger(input);
    const spec = await resolveShardSpec(input.source, { jobId: input.jobId, aws: input.aws });
    logger = createWorkerLogger({ ...input, jobId: spec.jobId });
    const { summary } = await runShard(
      { spec, shard: input.shard, attempt: input.attempt, checkpoint: input.checkpoint },
      { signal: stop.signal, onEvent: logShardEvents(logger) },
    );
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
