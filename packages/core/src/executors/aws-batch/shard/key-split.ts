import { compareKeys } from './key-space.js';
import type { KeyUnit } from './key-sample.js';
import { validateShard } from './shard-ref.js';
import type { KeyRange, ShardRef } from './types.js';

/**
 * Up to `count - 1` boundary keys, strictly increasing in S3 order, that cut a sampled key space
 * into slices of similar weight. A cut falls after a unit: after a key seen (the key itself),
 * or at the upper end of an estimated stretch. Fewer keys than shards give fewer boundaries.
 */
export function splitKeySpace(units: readonly KeyUnit[], count: number): string[] {
  validateShard({ index: 0, count });
  const weightOf = (u: KeyUnit) => (u.kind === 'key' ? 1 : u.weight);
  const total = units.reduce((sum, u) => sum + weightOf(u), 0);
  const bounds: string[] = [];
  let cumulative = 0;
  let cut = 1;
  for (const unit of units) {
    cumulative += weightOf(unit);
    const end = unit.kind === 'key' ? unit.key : unit.until;
    if (end === undefined) continue;
    let crossed = false;
    while (cut < count && cumulative >= (total * cut) / count) {
      crossed = true;
      cut++;
    }
    if (crossed && (bounds.length === 0 || compareKeys(bounds.at(-1)!, end) < 0)) bounds.push(end);
  }
  return bounds;
}

/**
 * The slice of a split prefix that shard `index` of `count` syncs, or undefined when it has
 * none. `bounds.length + 1` slices are spread over the shards, starting at shard `offset`, so
 * small prefixes of many rows do not all fall to shard 0. Slices tile the whole key space.
 */
export function keySliceOf(
  bounds: readonly string[],
  shard: ShardRef,
  offset = 0,
): KeyRange | undefined {
  const { index, count } = validateShard(shard);
  const slices = bounds.length + 1;
  if (slices > count) throw new RangeError(`${slices} key slices for ${count} shards`);
  const position = (((index - offset) % count) + count) % count;
  const slice = Math.ceil((position * slices) / count);
  if (slice >= slices || Math.floor((slice * count) / slices) !== position) return undefined;
  return {
    ...(slice > 0 ? { startAfter: bounds[slice - 1]! } : {}),
    ...(slice < slices - 1 ? { until: bounds[slice]! } : {}),
  };
}
