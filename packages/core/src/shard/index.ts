// Shard planning for AWS Batch array jobs: which share of a job child i of N runs.
export { planByteRange } from './byte-range.js';
export { planInventoryFiles } from './inventory-files.js';
export { compareKeys, keyInRange, planKeyRange } from './key-space.js';
export { MAX_SHARDS, SINGLE_SHARD, validateShard } from './shard-ref.js';
export type { KeyRange, ShardRef } from './types.js';
