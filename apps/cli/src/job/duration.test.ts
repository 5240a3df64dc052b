import { ConfigError } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('cli: durations', () => {
  it.each([
    ['1500', 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['2.5m', 150_000],
    ['1h', 3_600_000],
    [' 2 S ', 2000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, 'attempt-timeout')).toBe(ms);
  });

  it.each(['', 'soon', '-1s', '0', '3d', '1e3'])('refuses %j naming the flag', (text) => {
    expect(() => parseDuration(text, 'attempt-timeout')).toThrow(ConfigError);
    expect(() => parseDuration(text, 'attempt-timeout')).toThrow(/--attempt-timeout: /);
  });
});
