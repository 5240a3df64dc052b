import { ConfigError } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from './byte-size.js';

describe('job: byte sizes', () => {
  it.each([
    ['8388608', 8 * 1024 * 1024],
    ['64MiB', 64 * 1024 * 1024],
    ['8 MiB', 8 * 1024 * 1024],
    ['5mb', 5_000_000],
    ['1.5GiB', 1.5 * 1024 ** 3],
    ['10k', 10 * 1024],
  ])('parses %s', (value, bytes) => {
    expect(parseByteSize(value, 'part-size')).toBe(bytes);
  });

  it.each(['', 'MiB', '-5MiB', '5 parsecs', '0'])('refuses %j naming the flag', (value) => {
    expect(() => parseByteSize(value, 'part-size')).toThrow(ConfigError);
    expect(() => parseByteSize(value, 'part-size')).toThrow(/--part-size/);
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [12 * 1024 * 1024, '12.0 MiB'],
    [1.5 * 1024 ** 3, '1.5 GiB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
