import { validateShard } from './shard-ref.js';
import type { ShardRef } from './types.js';

/**
 * The inventory data files (indexes into the inventory `files[]`) shard `index` of `count`
 * reads. Files go largest first to the least-loaded shard (ties to the lower shard), so the
 * split is balanced by bytes and the same on every child; every file lands in one shard.
 * @param sizes byte size of each data file, in `files[]` order
 */
export function planInventoryFiles(sizes: readonly number[], shard: ShardRef): number[] {
  const { index, count } = validateShard(shard);
  const order = sizes
    .map((size, file) => ({ size, file }))
    .sort((a, b) => b.size - a.size || a.file - b.file);
  const load = new Array<number>(count).fill(0);
  const mine: number[] = [];
  for (const { size, file } of order) {
    let target = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[target]!) target = s;
    load[target]! += size;
    if (target === index) mine.push(file);
  }
  return mine.sort((a, b) => a - b);
}
