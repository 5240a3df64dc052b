import {
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import type { PrefixRef } from '../types.js';
import type { ListedObject } from './sync-plan.js';

export interface ListPrefixOptions {
  readonly expectedBucketOwner?: string;
  readonly requesterPays?: boolean;
  readonly signal?: AbortSignal;
  /** List only keys after this one (relative to the prefix): ListObjectsV2 `StartAfter`. */
  readonly startAfter?: string;
  /** Stop after this key (relative, inclusive): a shard's slice ends there. */
  readonly until?: string;
}

/**
 * Every object under a prefix, keys relative to it, in S3's listing order, with at most two pages
 * (1,000 keys each) in memory. ListObjectsV2 only: sizes and times come with the listing.
 */
export async function* listPrefix(
  client: S3Client,
  where: PrefixRef,
  options: ListPrefixOptions = {},
): AsyncGenerator<ListedObject> {
  const fetchPage = async (token: string | undefined): Promise<ListObjectsV2CommandOutput> =>
    client.send(
      new ListObjectsV2Command({
        Bucket: where.bucket,
        ...(where.prefix ? { Prefix: where.prefix } : {}),
        ...(token ? { ContinuationToken: token } : {}),
        ...(!token && options.startAfter !== undefined
          ? { StartAfter: where.prefix + options.startAfter }
          : {}),
        ...(options.expectedBucketOwner
          ? { ExpectedBucketOwner: options.expectedBucketOwner }
          : {}),
        ...(options.requesterPays ? { RequestPayer: 'requester' as const } : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
  const past = (key: string) =>
    options.until !== undefined && compareKeys(key.slice(where.prefix.length), options.until) > 0;
  let next: Promise<ListObjectsV2CommandOutput> | undefined = fetchPage(undefined);
  while (next) {
    const page: ListObjectsV2CommandOutput = await next;
    const last = page.Contents?.at(-1)?.Key;
    const token: string | undefined =
      page.IsTruncated && !(last !== undefined && past(last))
        ? page.NextContinuationToken
        : undefined;
    // Ask for the next page while this one is consumed: at most two pages in memory.
    next = token ? fetchPage(token) : undefined;
    // A failed prefetch surfaces when awaited; until then it must not count as unhandled.
    next?.catch(() => undefined);
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined || !object.Key.startsWith(where.prefix)) continue;
      if (past(object.Key)) return;
      yield {
        key: object.Key.slice(where.prefix.length),
        size: object.Size ?? 0,
        lastModified: object.LastModified ?? new Date(0),
        ...(object.ETag ? { etag: object.ETag } : {}),
        ...(object.StorageClass ? { storageClass: object.StorageClass } : {}),
      };
    }
  }
}
