import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { PrefixRef } from '../types.js';
import type { ListedObject } from './sync-plan.js';

export interface ListPrefixOptions {
  readonly expectedBucketOwner?: string;
  readonly requesterPays?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Every object under a prefix, keys relative to it, in S3's listing order, one page (up to 1,000
 * keys) in memory at a time. ListObjectsV2 only: sizes and times come with the listing.
 */
export async function* listPrefix(
  client: S3Client,
  where: PrefixRef,
  options: ListPrefixOptions = {},
): AsyncGenerator<ListedObject> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: where.bucket,
        ...(where.prefix ? { Prefix: where.prefix } : {}),
        ...(token ? { ContinuationToken: token } : {}),
        ...(options.expectedBucketOwner
          ? { ExpectedBucketOwner: options.expectedBucketOwner }
          : {}),
        ...(options.requesterPays ? { RequestPayer: 'requester' as const } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || !object.Key.startsWith(where.prefix)) continue;
      yield {
        key: object.Key.slice(where.prefix.length),
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
        ...(object.ETag ? { etag: object.ETag } : {}),
        ...(object.StorageClass ? { storageClass: object.StorageClass } : {}),
      };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
