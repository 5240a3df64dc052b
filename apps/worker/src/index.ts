// The worker's modules, for tests and for anyone composing a worker of their own.
export { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';
export { createWorkerLogger } from './logger.js';
export { runWorker, type WorkerRun } from './run-worker.js';
export { shardOperation } from './shard-operation.js';
export { PREFIX_SCAN_LIMIT, planShardWork, type ShardWork } from './shard-work.js';
export {
  WORKER_USAGE,
  parseWorkerConfig,
  type WorkerConfig,
  type WorkerManifestFormat,
} from './worker-config.js';
export { resolveWorkerOperation, type WorkerOperation } from './worker-operation.js';
