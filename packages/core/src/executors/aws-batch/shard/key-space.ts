import type { KeyRange } from './types.js';

/**
 * Byte-wise comparison as S3 orders keys (UTF-8 bytes). UTF-16 code units agree with it up to
 * U+D7FF; past that, surrogates (code points above U+FFFF) must sort after U+E000-U+FFFF. Walks
 * the strings instead of encoding them: sync planning compares every listed key twice.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800) return x < y ? -1 : 1;
    return utf8Rank(x) < utf8Rank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** A code unit at or above U+D800 placed where its UTF-8 lead byte sorts. */
function utf8Rank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

/** Whether a key relative to its prefix is in the slice. */
export function keyInRange(relativeKey: string, range: KeyRange): boolean {
  if (range.startAfter !== undefined && compareKeys(relativeKey, range.startAfter) <= 0)
    return false;
  if (range.until !== undefined && compareKeys(relativeKey, range.until) > 0) return false;
  return true;
}
