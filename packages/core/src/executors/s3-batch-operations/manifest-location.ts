import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../../errors.js';
import { parseS3Url } from '../../s3/url.js';

/** A manifest object in S3 with the ETag S3 Batch Operations checks before it starts. */
export interface StoredManifest {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId?: string;
}

/** Look up the ETag (and version) of a manifest already in S3. */
export async function locateManifest(
  s3: S3Client,
  url: string,
  expectedBucketOwner?: string,
): Promise<StoredManifest> {
  const { bucket, key } = parseS3Url(url);
  if (!key) throw new ConfigError(`--manifest ${url} names a bucket, not a manifest object`);
  const head = await s3.send(
    new HeadObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(expectedBucketOwner ? { ExpectedBucketOwner: expectedBucketOwner } : {}),
    }),
  );
  return {
    bucket,
    key,
    etag: (head.ETag ?? '').replace(/"/g, ''),
    ...(head.VersionId ? { versionId: head.VersionId } : {}),
  };
}

/**
 * Upload a local manifest under `s3://bucket/prefix/` (keeping its file name) and return where
 * it landed with its ETag. S3 Batch Operations reads manifests only from S3.
 */
export async function uploadManifest(
  s3: S3Client,
  localPath: string,
  destination: string,
  expectedBucketOwner?: string,
): Promise<StoredManifest> {
  const { bucket, key: prefix } = parseS3Url(destination);
  const size = await stat(localPath).then(
    (s) => s.size,
    (error: unknown) => {
      throw new ConfigError(
        `--manifest ${localPath}: cannot read it (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    },
  );
  const key = `${prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix}${basename(localPath)}`;
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(localPath),
      ContentLength: size,
      ContentType: 'text/csv',
      ...(expectedBucketOwner ? { ExpectedBucketOwner: expectedBucketOwner } : {}),
    }),
  );
  return {
    bucket,
    key,
    etag: (out.ETag ?? '').replace(/"/g, ''),
    ...(out.VersionId ? { versionId: out.VersionId } : {}),
  };
}

/**
 * Check that a manifest object is still the one a job was created for, as S3 Batch Operations
 * does before it starts: the ETag (and version) must match, else the job fails in Preparing.
 */
export async function verifyManifestObject(
  s3: S3Client,
  manifest: StoredManifest,
  expectedBucketOwner?: string,
): Promise<void> {
  const found = await locateManifest(
    s3,
    `s3://${manifest.bucket}/${manifest.key}`,
    expectedBucketOwner,
  ).catch((error: unknown) => {
    throw new ConfigError(
      `cannot read the manifest s3://${manifest.bucket}/${manifest.key} (${(error as Error).name}: ${(error as Error).message})`,
      { cause: error },
    );
  });
  if (found.etag !== manifest.etag.replace(/"/g, '')) {
    throw new ConfigError(
      `the manifest's ETag is ${found.etag}, not ${manifest.etag} as the job was created with`,
    );
  }
  if (manifest.versionId && found.versionId && found.versionId !== manifest.versionId) {
    throw new ConfigError(
      `the manifest's version is ${found.versionId}, not ${manifest.versionId}`,
    );
  }
}
