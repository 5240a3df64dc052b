import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../../errors.js';
import type { StoredManifest } from '../../manifest/upload-manifest.js';
import { parseS3Url } from '../../s3/url.js';
import { loadSdk } from '../../config/load-sdk.js';

/** Look up the ETag (and version) of a manifest already in S3. */
export async function locateManifest(
  s3: S3Client,
  url: string,
  expectedBucketOwner?: string,
): Promise<StoredManifest> {
  const { bucket, key } = parseS3Url(url);
  if (!key) throw new ConfigError(`--manifest ${url} names a bucket, not a manifest object`);
  const { HeadObjectCommand } = await loadSdk('s3');
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
