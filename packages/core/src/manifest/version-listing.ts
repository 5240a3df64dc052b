import type { S3Client } from '@aws-sdk/client-s3';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import { loadSdk } from '../config/load-sdk.js';

/** One listed object or version, in the fields the generator's filters read. */
export interface ListedVersion {
  readonly Key?: string;
  readonly VersionId?: string;
  readonly Size?: number;
  readonly LastModified?: Date;
  readonly ETag?: string;
  readonly StorageClass?: string;
  readonly IsDeleteMarker?: boolean;
  readonly IsLatest?: boolean;
}

/**
 * Every version and delete marker under a prefix, a page at a time: ListObjectVersions returns
 * them in two lists per page; merged here by key, newest first within a key, as S3 orders them.
 */
export async function* listVersionPages(
  s3: S3Client,
  input: { Bucket: string; Prefix?: string; ExpectedBucketOwner?: string },
  pageSize: number,
): AsyncGenerator<ListedVersion[]> {
  const { ListObjectVersionsCommand } = await loadSdk('s3');
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({ ...input, ...markers, MaxKeys: pageSize }),
    );
    const versions: ListedVersion[] = (page.Versions ?? []).map((v) => ({
      ...(v.Key !== undefined ? { Key: v.Key } : {}),
      ...(v.VersionId ? { VersionId: v.VersionId } : {}),
      ...(v.Size !== undefined ? { Size: v.Size } : {}),
      ...(v.LastModified ? { LastModified: v.LastModified } : {}),
      ...(v.ETag ? { ETag: v.ETag } : {}),
      StorageClass: v.StorageClass ?? 'STANDARD',
      IsLatest: v.IsLatest === true,
    }));
    const deleteMarkers: ListedVersion[] = (page.DeleteMarkers ?? []).map((m) => ({
      ...(m.Key !== undefined ? { Key: m.Key } : {}),
      ...(m.VersionId ? { VersionId: m.VersionId } : {}),
      ...(m.LastModified ? { LastModified: m.LastModified } : {}),
      IsDeleteMarker: true,
      IsLatest: m.IsLatest === true,
    }));
    yield [...versions, ...deleteMarkers].sort(
      (a, b) =>
        compareKeys(a.Key ?? '', b.Key ?? '') ||
        // Times have a second's resolution: the latest version goes first whatever its time.
        Number(b.IsLatest) - Number(a.IsLatest) ||
        (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0),
    );
    if (!page.IsTruncated) return;
    markers = {
      ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
      ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
    };
  }
}
