import { AWKWARD_KEYS, encodeManifestKey as encodeForFixtures } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { decodeManifestKey, encodeManifestKey, keyProblem } from './key-encoding.js';

describe('manifest: key encoding', () => {
  it.each(AWKWARD_KEYS.map((k) => [k]))('round-trips %s', (key) => {
    // Act
    const decoded = decodeManifestKey(encodeManifestKey(key));

    // Assess
    expect(decoded).toEqual({ ok: true, value: key });
    expect(encodeManifestKey(key)).toBe(encodeForFixtures(key));
  });

  it.each([
    ['a+b', 'a b'],
    ['a%2Bb', 'a+b'],
    ['a%20b', 'a b'],
    ['%E6%97%A5', '\u65e5'],
    ['dir/file', 'dir/file'],
    ['dir%2Ffile', 'dir/file'],
  ])('decodes %s as S3 Batch Operations does', (encoded, key) => {
    expect(decodeManifestKey(encoded)).toEqual({ ok: true, value: key });
  });

  it.each([
    ['100%', /bad percent-encoding "%" at character 4/],
    ['%G0', /bad percent-encoding "%G0"/],
    ['%C3', /not valid UTF-8/],
    ['%ED%A0%80', /not valid UTF-8/],
  ])('refuses %s', (encoded, problem) => {
    const decoded = decodeManifestKey(encoded);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.problem).toMatch(problem);
  });

  it.each([
    ['', /empty/],
    ['k'.repeat(1025), /1025 bytes/],
    ['\u00e9'.repeat(513), /1026 bytes/],
    ['a\u0000b', /NUL/],
    ['a\ud800b', /surrogate/],
  ])('finds what S3 would refuse in %#', (key, problem) => {
    expect(keyProblem(key)).toMatch(problem);
  });

  it('accepts a key of exactly 1,024 bytes', () => {
    expect(keyProblem('k'.repeat(1024))).toBeUndefined();
  });
});
