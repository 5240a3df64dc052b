/** Keys that break naive code: spaces, plus signs, percent signs, unicode, the 1,024-byte limit. */
export const AWKWARD_KEYS: readonly string[] = [
  'plain/file.txt',
  'with space/and more spaces.txt',
  'plus+sign/a+b=c.txt',
  'percent%20literal/100%.txt',
  'unicode/日本語/ファイル.txt',
  'unicode/emoji-😀.bin',
  'quotes/"double" and \'single\'.txt',
  'comma,in/key,name.csv',
  'trailing-dot./x.',
  `long/${'k'.repeat(1024 - 'long/'.length)}`,
];

/** Bytes of a given size, deterministic per seed, for byte-identical checks. */
export function deterministicBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Encode a key the way S3 Batch Operations CSV manifests carry it (URL-encoded, `+` stays `%2B`). */
export function encodeManifestKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}
