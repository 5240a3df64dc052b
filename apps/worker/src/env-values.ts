import { ConfigError, isS3Url } from '@s3bulk/core';

// Values of the worker's argv and environment, each checked with a message naming the setting.

/** The seed passes Python's `True`/`False`; accept any case and 1/0 too. */
export function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  throw new ConfigError(`${name} must be True or False, got "${value}"`);
}

export function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${value}"`);
  }
  return n;
}

export function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`${name} must be a number of seconds > 0, got "${value}"`);
  }
  return n;
}

/** An `s3://bucket/prefix/` location, ending in a slash. */
export function s3Prefix(value: string, name: string): string {
  if (!isS3Url(value)) throw new ConfigError(`${name} must be an s3:// URL, got "${value}"`);
  return value.endsWith('/') ? value : `${value}/`;
}

/** A JSON object (the Operation JSON); core's schema checks what is inside. */
export function jsonObject(
  value: string | undefined,
  name: string,
): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new ConfigError(`${name} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`${name} must be a JSON object, e.g. {"S3PutObjectTagging": {...}}`);
  }
  return parsed as Record<string, unknown>;
}
