import type { KeyRange } from './types.js';

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
