import type { ByteRange } from '../../../manifest/types.js';
import { validateShard } from './shard-ref.js';
import type { ShardRef } from './types.js';

/**
 * The bytes of a text manifest of `size` bytes that shard `index` of `count` reads. Ranges of
 * one plan tile `[0, size)` with no gap or overlap; a reader given a range yields exactly the
 * rows that start inside it, so each row falls to one shard however lines straddle boundaries.
 * Shards past the end of a tiny file get an empty range.
 */
export function planByteRange(size: number, shard: ShardRef): Required<ByteRange> {
  const { index, count } = validateShard(shard);
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad manifest size ${size}`);
  // Integer arithmetic in BigInt: size * index overflows doubles past 9 PB / 10,000 shards.
  const at = (i: number) => Number((BigInt(size) * BigInt(i)) / BigInt(count));
  return { start: at(index), end: at(index + 1) };
}
