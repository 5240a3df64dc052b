/** Which share of a job one process runs: child `index` of `count` (AWS Batch array jobs). */
export interface ShardRef {
  /** 0-based, as `AWS_BATCH_JOB_ARRAY_INDEX`. */
  readonly index: number;
  /** Children in the array, as `AWS_BATCH_JOB_ARRAY_SIZE` (1 for a single job). */
  readonly count: number;
}

/**
 * A slice of the key space under a prefix, on keys relative to the prefix: a key `k` is in the
 * slice when `startAfter < k <= until` (an absent bound is open). Slices of one plan tile it.
 */
export interface KeyRange {
  /** Exclusive lower bound; maps onto ListObjectsV2 `StartAfter` (prefix + startAfter). */
  readonly startAfter?: string;
  /** Inclusive upper bound. */
  readonly until?: string;
}
