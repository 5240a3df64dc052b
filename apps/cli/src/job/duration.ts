import { ConfigError } from '@s3bulk/core';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parse a duration as `s3bulk` flags take it: a number with a unit (`500ms`, `30s`, `2.5m`, `1h`)
 * or plain milliseconds (`1500`).
 */
export function parseDuration(value: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!match) {
    throw new ConfigError(
      `--${flag}: "${value}" is not a duration (use milliseconds, or a number with ms, s, m, h)`,
    );
  }
  const ms = Math.round(Number(match[1]) * UNITS[(match[2] ?? 'ms').toLowerCase()]!);
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new ConfigError(`--${flag}: "${value}" must be a positive duration`);
  }
  return ms;
}
