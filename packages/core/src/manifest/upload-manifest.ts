import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';

import { ConfigError } from '../errors.js';
import { parseS3Url } from '../s3/url.js';
import { loadSdk } from '../config/load-sdk.js';

/** Part size of a manifest upload: 8 MiB parts, 4 in flight, so about 32 MiB in memory at most. */
const PART_SIZE = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;

/** A manifest object in S3, with the ETag S3 Batch Operations checks before it starts. */
export interface StoredManifest {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId?: string;
}

export interface UploadLocalManifestOptions {
  readonly s3: S3Client;
  /** `s3://bucket/prefix/`: the file goes there under its own name. */
  readonly destination: string;
  /** ExpectedBucketOwner of the upload's bucket. */
  readonly expectedBucketOwner?: string;
  readonly signal?: AbortSignal;
}

/**
 * Upload a local manifest as a stream, for the executors that read manifests only from S3 (AWS
 * Batch workers, S3 Batch Operations): one PUT for a small file, a multipart upload of 8 MiB
 * parts for a large one, never the whole file in memory (a 10M-line manifest is about 1 GB). A
 * failed upload is aborted, never left half-written.
 */
export async function uploadLocalManifest(
  path: string,
  options: UploadLocalManifestOptions,
): Promise<StoredManifest> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new ConfigError(`--manifest ${path}: cannot read it (${(error as Error).message})`, {
      cause: error,
    });
  }
  const { bucket, key: prefix } = parseS3Url(options.destination);
  const key = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}${basename(path)}`;
  const { Upload } = await loadSdk('lib-storage');
  const upload = new Upload({
    client: options.s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(path, { highWaterMark: 1024 * 1024 }),
      ContentType: 'text/csv',
      ContentLength: size,
      ...(options.expectedBucketOwner ? { ExpectedBucketOwner: options.expectedBucketOwner } : {}),
    },
    partSize: PART_SIZE,
    queueSize: PARTS_IN_FLIGHT,
    leavePartsOnError: false,
  });
  const abort = () => void upload.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const out = await upload.done();
    return {
      bucket,
      key,
      etag: (out.ETag ?? '').replace(/"/g, ''),
      ...(out.VersionId ? { versionId: out.VersionId } : {}),
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
