import { ConfigError } from '../errors.js';

/** A parsed `s3://bucket/key` URL. `key` may be empty (bucket root) or end in `/` (a prefix). */
export interface S3Url {
  readonly bucket: string;
  readonly key: string;
}

// S3's bucket naming rules (general purpose buckets): 3-63 chars, lowercase, digits, dots, hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The last name found acceptable: manifest rows mostly repeat one bucket, checked once per row. */
let lastAcceptable: string | undefined;

/** Why a bucket name would be refused by S3, or undefined when it is acceptable. */
export function bucketNameProblem(bucket: string): string | undefined {
  if (bucket === lastAcceptable) return undefined;
  if (!BUCKET_NAME.test(bucket)) {
    return `"${bucket}" is not a valid bucket name (3-63 characters: lowercase letters, digits, dots, hyphens; starts and ends with a letter or digit)`;
  }
  if (bucket.includes('..')) return `"${bucket}" is not a valid bucket name (two adjacent dots)`;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket))
    return `"${bucket}" is not a valid bucket name (formatted as an IP address)`;
  lastAcceptable = bucket;
  return undefined;
}

export function isS3Url(value: string): boolean {
  return value.startsWith('s3://');
}

/** Parse `s3://bucket[/key]`; throws `ConfigError` saying what is wrong. */
export function parseS3Url(value: string): S3Url {
  if (!isS3Url(value))
    throw new ConfigError(`"${value}" is not an s3:// URL (expected s3://bucket/key)`);
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  const problem = bucketNameProblem(bucket);
  if (problem) throw new ConfigError(`${value}: ${problem}`);
  return { bucket, key };
}

export function formatS3Url(bucket: string, key = ''): string {
  return `s3://${bucket}/${key}`;
}

/**
 * A key as S3 request paths and `x-amz-copy-source` carry it: every segment percent-encoded the
 * way the SDK does (encodeURIComponent, plus `!'()*`), `/` kept.
 */
export function encodeKeyPath(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}
