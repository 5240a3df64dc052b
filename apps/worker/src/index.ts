// The worker's modules, for tests and for anyone composing a worker of their own.
export { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';
export { createWorkerLogger } from './logger.js';
export { runWorker, type WorkerRun } from './run-worker.js';
export { splitPrefixRows, type PrefixSplitOptions } from './prefix-split.js';
export { checkShardPlan, type ShardPlanOptions } from './shard-plan-check.js';
export { shardOperation } from './shard-operation.js';
export {
  PREFIX_SCAN_LIMIT,
  planShardWork,
  prefixSlice,
  type ShardPlan,
  type ShardWork,
} from './shard-work.js';
export {
  WORKER_USAGE,
  parseWorkerConfig,
  type WorkerConfig,
  type WorkerManifestFormat,
} from './worker-config.js';
export { resolveWorkerOperation, type WorkerOperation } from './worker-operation.js';
