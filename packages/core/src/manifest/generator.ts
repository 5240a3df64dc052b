import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, ManifestError } from '../errors.js';
import { bucketNameProblem, formatS3Url } from '../s3/url.js';
import { headObjectEncryption, matchesEncryption } from './object-encryption.js';
import type { GeneratorSpec, ManifestFilters, ObjectEntry } from './types.js';
import { listVersionPages, type ListedVersion } from './version-listing.js';
import { loadSdk } from '../config/load-sdk.js';

export interface GenerateManifestOptions {
  readonly s3: S3Client;
  readonly signal?: AbortSignal;
  /** Keys per ListObjectsV2 page. @default 1000 */
  readonly pageSize?: number;
  /** Sent as `ExpectedBucketOwner` with every ListObjectsV2. */
  readonly expectedBucketOwner?: string;
  /** Told of each request: a listing page, a HEAD for an encryption filter (`plan`'s estimate). */
  readonly onRequest?: (request: string) => void;
}

/** Check a filter set the way S3 would refuse it: sizes and dates that cannot both match. */
export function validateManifestFilters(filters: ManifestFilters): void {
  const { minSize, maxSize, createdAfter, createdBefore } = filters;
  for (const [name, size] of [
    ['minSize', minSize],
    ['maxSize', maxSize],
  ] as const) {
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
      throw new ConfigError(`${name} must be a whole number of bytes, 0 or more (got ${size})`);
    }
  }
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    throw new ConfigError(
      `minSize (${minSize}) is larger than maxSize (${maxSize}): nothing can match`,
    );
  }
  for (const [name, date] of [
    ['createdAfter', createdAfter],
    ['createdBefore', createdBefore],
  ] as const) {
    if (date !== undefined && Number.isNaN(date.getTime()))
      throw new ConfigError(`${name} is not a valid date`);
  }
  if (createdAfter && createdBefore && createdAfter >= createdBefore) {
    throw new ConfigError('createdAfter is not before createdBefore: nothing can match');
  }
}

/** Whether a listed object passes every filter given (`S3JobManifestGenerator` semantics). */
export function matchesFilters(object: ListedVersion, filters: ManifestFilters): boolean {
  const key = object.Key ?? '';
  const size = object.Size ?? 0;
  const modified = object.LastModified;
  if (filters.keyPrefix !== undefined && !key.startsWith(filters.keyPrefix)) return false;
  if (filters.keySuffix !== undefined && !key.endsWith(filters.keySuffix)) return false;
  if (filters.keySubstring !== undefined && !key.includes(filters.keySubstring)) return false;
  if (filters.minSize !== undefined && size < filters.minSize) return false;
  if (filters.maxSize !== undefined && size > filters.maxSize) return false;
  if (filters.createdAfter && (!modified || modified <= filters.createdAfter)) return false;
  if (filters.createdBefore && (!modified || modified >= filters.createdBefore)) return false;
  if (filters.storageClasses && filters.storageClasses.length > 0) {
    if (!filters.storageClasses.includes(object.StorageClass ?? 'STANDARD')) return false;
  }
  return true;
}

/**
 * List a bucket as a manifest: ListObjectsV2 page by page (one page in memory at a time), the
 * filters applied as S3's manifest generator does, one entry per matching object with its facts.
 * The listing prefix is the longer of `spec.prefix` and `filters.keyPrefix` when one extends the
 * other, so S3 does the prefix filtering.
 */
export async function* generateManifest(
  spec: GeneratorSpec,
  options: GenerateManifestOptions,
): AsyncGenerator<ObjectEntry> {
  const problem = bucketNameProblem(spec.bucket);
  if (problem) throw new ConfigError(problem);
  const filters = spec.filters ?? {};
  validateManifestFilters(filters);
  const prefix = listingPrefix(spec.prefix ?? '', filters.keyPrefix);
  const source = formatS3Url(spec.bucket, spec.prefix ?? '');
  let line = 0;
  const owner = options.expectedBucketOwner;
  const input = {
    Bucket: spec.bucket,
    ...(prefix === '' ? {} : { Prefix: prefix }),
    ...(owner ? { ExpectedBucketOwner: owner } : {}),
  };
  const pageSize = options.pageSize ?? 1000;
  const pages: AsyncIterable<readonly ListedVersion[]> = spec.allVersions
    ? listVersionPages(options.s3, input, pageSize)
    : currentObjectPages(options.s3, input, pageSize);
  const encryption = filters.objectEncryption?.length ? filters.objectEncryption : undefined;
  try {
    for await (const page of pages) {
      options.signal?.throwIfAborted();
      options.onRequest?.(spec.allVersions ? 'ListObjectVersions' : 'ListObjectsV2');
      for (const object of page) {
        if (object.Key === undefined || !object.Key.startsWith(spec.prefix ?? '')) continue;
        if (!matchesFilters(object, filters)) continue;
        const ref = {
          bucket: spec.bucket,
          key: object.Key,
          ...(object.VersionId ? { versionId: object.VersionId } : {}),
        };
        // A delete marker has no encryption: an encryption filter never matches one.
        if (encryption && object.IsDeleteMarker) continue;
        if (encryption) {
          options.onRequest?.('HeadObject');
          const found = await headObjectEncryption(options.s3, ref, {
            ...(owner ? { expectedBucketOwner: owner } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          if (!matchesEncryption(found, encryption)) continue;
        }
        line += 1;
        yield {
          kind: 'object',
          object: ref,
          facts: {
            ...(object.Size !== undefined ? { size: object.Size } : {}),
            ...(object.LastModified ? { lastModified: object.LastModified } : {}),
            ...(object.ETag ? { etag: object.ETag } : {}),
            ...(object.IsDeleteMarker ? {} : { storageClass: object.StorageClass ?? 'STANDARD' }),
          },
          location: { source, line },
        };
      }
    }
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof ManifestError ||
      (error as Error).name === 'AbortError'
    )
      throw error;
    const name = (error as Error).name;
    throw new ManifestError(
      `cannot list the bucket (${name}: ${(error as Error).message})`,
      { source },
      undefined,
      {
        code: name === 'NoSuchBucket' ? 'ManifestUnreadable' : 'ManifestListingFailed',
        cause: error,
      },
    );
  }
}

function listingPrefix(prefix: string, keyPrefix: string | undefined): string {
  if (keyPrefix === undefined) return prefix;
  if (keyPrefix.startsWith(prefix)) return keyPrefix;
  return prefix;
}

async function* currentObjectPages(
  s3: S3Client,
  input: { Bucket: string; Prefix?: string; ExpectedBucketOwner?: string },
  pageSize: number,
): AsyncGenerator<readonly ListedVersion[]> {
  const { paginateListObjectsV2 } = await loadSdk('s3');
  for await (const page of paginateListObjectsV2({ client: s3, pageSize }, input)) {
    yield (page.Contents ?? []) as readonly ListedVersion[];
  }
}
