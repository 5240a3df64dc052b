import { ConfigError } from '../../../errors.js';
import type { ShardRef } from './types.js';

/** AWS Batch caps array jobs at 10,000 children. */
export const MAX_SHARDS = 10_000;

/** The whole job in one process. */
export const SINGLE_SHARD: ShardRef = { index: 0, count: 1 };

/** Check a shard reference; throws `ConfigError` naming the bad value. */
export function validateShard(shard: ShardRef): ShardRef {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new ConfigError(`shard count must be an integer from 1 to ${MAX_SHARDS}, got ${count}`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ConfigError(`shard index must be an integer from 0 to ${count - 1}, got ${index}`);
  }
  return shard;
}
