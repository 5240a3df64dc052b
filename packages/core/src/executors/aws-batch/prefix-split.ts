import type { S3Client } from '@aws-sdk/client-s3';
import { entryTaskId } from '../../manifest/entry-id.js';
import type { PrefixEntry } from '../../manifest/types.js';
import type { PrefixRef } from '../../types.js';
import { sampleKeySpace, type KeyPageLister } from './shard/key-sample.js';
import { splitKeySpace } from './shard/key-split.js';
import { loadSdk } from '../../config/load-sdk.js';

export interface PrefixSplitOptions {
  readonly shards: number;
  readonly signal: AbortSignal;
  /** ExpectedBucketOwner of the source side. */
  readonly expectedBucketOwner?: string;
  readonly requesterPays?: boolean;
}

/** ListObjectsV2 pages of a prefix, keys relative to it, for the key-space sampler. */
function prefixLister(s3: S3Client, where: PrefixRef, options: PrefixSplitOptions): KeyPageLister {
  return async ({ within, startAfter }) => {
    const { ListObjectsV2Command } = await loadSdk('s3');
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: where.bucket,
        Prefix: where.prefix + within,
        ...(startAfter === undefined ? {} : { StartAfter: where.prefix + startAfter }),
        ...(options.expectedBucketOwner
          ? { ExpectedBucketOwner: options.expectedBucketOwner }
          : {}),
        ...(options.requesterPays ? { RequestPayer: 'requester' as const } : {}),
      }),
      { abortSignal: options.signal },
    );
    const keys = (page.Contents ?? []).flatMap((o) =>
      o.Key?.startsWith(where.prefix) ? [o.Key.slice(where.prefix.length)] : [],
    );
    return { keys, truncated: page.IsTruncated === true };
  };
}

/**
 * Cut every prefix row's source key space into slices of similar size from a sample of its
 * listing (a bounded number of LISTs per row). The planner records the result in `plan.json`.
 */
export async function splitPrefixRows(
  rows: AsyncIterable<PrefixEntry>,
  s3: S3Client,
  options: PrefixSplitOptions,
): Promise<Record<string, string[]>> {
  const splits: Record<string, string[]> = {};
  const bySource = new Map<string, string[]>();
  for await (const row of rows) {
    const source = `${row.source.bucket}/${row.source.prefix}`;
    let bounds = bySource.get(source);
    if (!bounds) {
      const units = await sampleKeySpace(prefixLister(s3, row.source, options), {
        count: options.shards,
      });
      bounds = splitKeySpace(units, options.shards);
      bySource.set(source, bounds);
    }
    splits[entryTaskId(row.location)] = bounds;
  }
  return splits;
}
