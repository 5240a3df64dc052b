// Shard planning for AWS Batch array jobs: which share of a job child i of N runs.
export { planByteRange } from './byte-range.js';
export { planInventoryFiles } from './inventory-files.js';
export {
  sampleKeySpace,
  type KeyPage,
  type KeyPageLister,
  type KeySampleOptions,
  type KeyUnit,
} from './key-sample.js';
export { compareKeys, keyInRange } from './key-space.js';
export { keySliceOf, splitKeySpace } from './key-split.js';
export { MAX_SHARDS, SINGLE_SHARD, validateShard } from './shard-ref.js';
export type { KeyRange, ShardRef } from './types.js';
