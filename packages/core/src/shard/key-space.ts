import { validateShard } from './shard-ref.js';
import type { KeyRange, ShardRef } from './types.js';

/**
 * The characters keys are mostly made of, in S3's (byte) order. Boundaries are spread evenly
 * over strings of these, so a prefix of ordinary keys splits into shares of similar size.
 */
const ALPHABET = '!-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** Boundary `c` of `count`: an ALPHABET string of `digits` characters, increasing in `c`. */
function boundary(c: number, count: number, digits: number): string {
  const base = BigInt(ALPHABET.length);
  let value = (BigInt(c) * base ** BigInt(digits)) / BigInt(count);
  let out = '';
  for (let d = 0; d < digits; d++) {
    out = ALPHABET[Number(value % base)]! + out;
    value /= base;
  }
  return out;
}

/**
 * The slice of a prefix's key space (keys relative to the prefix) that shard `index` of `count`
 * syncs. Boundaries are fixed strings, not a sample of the listing, so every child computes the
 * same plan without talking to the others; the slices tile all keys, so each key falls to
 * exactly one child, whatever characters it holds. A child lists its slice with `StartAfter`.
 */
export function planKeyRange(shard: ShardRef): KeyRange {
  const { index, count } = validateShard(shard);
  if (count === 1) return {};
  let digits = 1;
  while (ALPHABET.length ** digits < count) digits++;
  return {
    ...(index > 0 ? { startAfter: boundary(index, count, digits) } : {}),
    ...(index < count - 1 ? { until: boundary(index + 1, count, digits) } : {}),
  };
}

/**
 * Byte-wise comparison as S3 orders keys. Plain `<` on strings compares UTF-16 code units,
 * which disagrees with UTF-8 byte order past U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Whether a key relative to its prefix is in the slice. */
export function keyInRange(relativeKey: string, range: KeyRange): boolean {
  if (range.startAfter !== undefined && compareKeys(relativeKey, range.startAfter) <= 0)
    return false;
  if (range.until !== undefined && compareKeys(relativeKey, range.until) > 0) return false;
  return true;
}
