import { MAX_KEY_BYTES } from './constants.js';

/** A decoded value, or why the text could not be decoded. */
export type Decoded =
  { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: string };

/**
 * Decode a key as S3 Batch Operations and S3 Inventory carry it: form-style URL encoding, so
 * `+` is a space and a literal plus arrives as `%2B`. Broken `%XX` or bytes that are not UTF-8
 * are a problem, never a silently different key.
 */
export function decodeManifestKey(encoded: string): Decoded {
  const spaced = encoded.includes('+') ? encoded.replace(/\+/g, ' ') : encoded;
  if (!spaced.includes('%')) return { ok: true, value: spaced };
  try {
    return { ok: true, value: decodeURIComponent(spaced) };
  } catch {
    // Only a failed decode pays for finding out why.
    const bad = /%(?![0-9A-Fa-f]{2})/.exec(encoded);
    if (!bad) return { ok: false, problem: 'percent-encoded bytes are not valid UTF-8' };
    const sample = encoded.slice(bad.index, bad.index + 3);
    return { ok: false, problem: `bad percent-encoding "${sample}" at character ${bad.index + 1}` };
  }
}

/** Encode a key for a csv or inventory manifest (the inverse of `decodeManifestKey`). */
export function encodeManifestKey(key: string): string {
  // encodeURIComponent leaves !'()* alone; S3 decodes them either way, so only `/` is kept readable.
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

/** Why S3 would refuse this key, or undefined when it is acceptable. */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'key is empty';
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES)
    return `key is ${bytes} bytes in UTF-8; S3 allows at most ${MAX_KEY_BYTES}`;
  if (key.includes('\0')) return 'key contains a NUL character';
  if (
    /[\uD800-\uDFFF]/.test(key) &&
    /[\uD800-\uDFFF]/u.test(key.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))
  )
    return 'key contains an unpaired UTF-16 surrogate (not representable in UTF-8)';
  return undefined;
}
