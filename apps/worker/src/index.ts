// The worker's edge, for tests and for anyone composing a worker of their own. The executor
// itself (shard plans, prefix splits, checkpoints, the combined report) is core's `runShard`.
export { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';
export { createWorkerLogger, type WorkerLogKeys } from './logger.js';
export { logShardEvents } from './shard-log.js';
export { WORKER_USAGE, parseWorkerInput, type WorkerInput } from './worker-spec.js';
