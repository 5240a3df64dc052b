import type { S3Client } from '@aws-sdk/client-s3';
import { sampleKeySpace, type KeyPageLister } from '../executors/aws-batch/shard/key-sample.js';
import { compareKeys, keyInRange } from '../executors/aws-batch/shard/key-space.js';
import { splitKeySpace } from '../executors/aws-batch/shard/key-split.js';
import type { KeyRange } from '../executors/aws-batch/shard/types.js';
import type { LeanCopier } from '../s3/lean-copy.js';
import type { ListPage } from '../s3/list-answer.js';
import { readAheadInOrder, type ReadAheadBudget } from './ordered-read-ahead.js';
import type { PrefixRef } from '../types.js';
import {
  listPrefixPages,
  pageReaderOf,
  type ListPrefixOptions,
  type PageReader,
} from './sync-listing.js';
import type { ListedObject } from './sync-plan.js';

export interface RangedListingOptions extends ListPrefixOptions {
  /** Key ranges listed at once when the prefix holds more than one page. @default 8 */
  readonly ranges?: number;
  /** LIST probes the boundary sampler may make besides the first page. @default 6 */
  readonly probes?: number;
  /**
   * Pages asked for or held ahead of the merge walk at most, across all ranges of a side: the
   * listing's memory whatever the number of ranges. Fewer while the consumer is the slower side
   * (see `readAheadInOrder`). @default 64
   */
  readonly pagesAhead?: number;
  /** Keys per LIST page (MaxKeys); tests make pages small to cut small trees. @default 1000 */
  readonly pageSize?: number;
}

export const DEFAULT_LIST_RANGES = 8;
export const DEFAULT_LIST_PROBES = 6;
export const DEFAULT_PAGES_AHEAD = 64;
/** Pages read ahead while the consumer is slower than the listing (a run's copies). */
export const LEAST_PAGES_AHEAD = 8;

/**
 * Every object under a prefix, keys relative to it, in S3's listing order, like `listPrefix`,
 * but a prefix of more than one page is listed as concurrent key ranges: the boundaries come
 * from the AWS Batch shards' sampler (a few probes after the first page), each range is listed
 * from its lower bound up to its upper one, and the ranges are handed out one after another, so
 * the order (and every task number derived from it) is exactly the sequential listing's.
 * A prefix of one page costs one request, as before. Memory: `pagesAhead + 2` pages at most.
 */
export function listPrefixInRanges(
  client: S3Client,
  where: PrefixRef,
  options: RangedListingOptions = {},
  lean?: LeanCopier,
): AsyncGenerator<ListedObject[]> {
  return listInRanges(pageReaderOf(client, where.bucket, options, lean), where.prefix, options);
}

/** {@link listPrefixInRanges} over any page reader. */
export async function* listInRanges(
  read: PageReader,
  prefix: string,
  options: Omit<RangedListingOptions, 'signal'> = {},
): AsyncGenerator<ListedObject[]> {
  const { startAfter, until } = options;
  const first = await read({
    prefix,
    ...(startAfter !== undefined ? { startAfter: prefix + startAfter } : {}),
  });
  const ranges = options.ranges ?? DEFAULT_LIST_RANGES;
  const last = first.contents.at(-1)?.key.slice(prefix.length);
  const bounded: KeyRange = {
    ...(startAfter !== undefined ? { startAfter } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  if (!first.isTruncated || ranges <= 1 || last === undefined || !keyInRange(last, bounded)) {
    yield* listPrefixPages(read, prefix, options, first);
    return;
  }
  const bounds = await rangeBounds(read, prefix, bounded, first, {
    ranges,
    probes: options.probes ?? DEFAULT_LIST_PROBES,
  });
  const lowers = [startAfter, ...bounds];
  const uppers = [...bounds, until];
  // Every range starts now; the first one continues from the page already read.
  const pages = readAheadInOrder(
    lowers.map((lower, i) =>
      listPrefixPages(
        read,
        prefix,
        {
          ...(lower !== undefined ? { startAfter: lower } : {}),
          ...(uppers[i] !== undefined ? { until: uppers[i] } : {}),
          prefetch: false,
        },
        i === 0 ? first : undefined,
      ),
    ),
    budgetOf(options.pagesAhead ?? DEFAULT_PAGES_AHEAD),
  );
  try {
    yield* pages;
  } finally {
    // Stopped early or failed: no range may go on listing.
    await pages.close();
  }
}

/** Up to `most` pages while the merge walk waits for them, `LEAST_PAGES_AHEAD` while it does not. */
function budgetOf(most: number): ReadAheadBudget {
  return { most, least: Math.min(most, LEAST_PAGES_AHEAD) };
}

/**
 * Boundaries (relative keys, strictly increasing, strictly inside `range`) cutting the part of
 * the prefix in `range` into up to `ranges` slices of similar size, from the shards' sampler
 * fed with the first page and at most `probes` more. Keys outside `range` are hidden from it.
 */
export async function rangeBounds(
  read: PageReader,
  prefix: string,
  range: KeyRange,
  first: ListPage,
  budget: { readonly ranges: number; readonly probes: number },
): Promise<string[]> {
  let firstUnused = true;
  const lister: KeyPageLister = async ({ within, startAfter }) => {
    let page = first;
    if (!(firstUnused && within === '' && startAfter === undefined)) {
      const from =
        range.startAfter !== undefined &&
        (startAfter === undefined || compareKeys(range.startAfter, startAfter) > 0)
          ? range.startAfter
          : startAfter;
      page = await read({
        prefix: prefix + within,
        ...(from !== undefined ? { startAfter: prefix + from } : {}),
      });
    }
    firstUnused = false;
    const keys: string[] = [];
    for (const entry of page.contents) {
      const key = entry.key.slice(prefix.length);
      if (!keyInRange(key, range)) return { keys, truncated: false };
      keys.push(key);
    }
    return { keys, truncated: page.isTruncated };
  };
  const units = await sampleKeySpace(lister, {
    count: budget.ranges,
    maxRequests: budget.probes + 1,
  });
  return splitKeySpace(units, budget.ranges).filter(
    (bound) =>
      (range.startAfter === undefined || compareKeys(bound, range.startAfter) > 0) &&
      (range.until === undefined || compareKeys(bound, range.until) < 0),
  );
}
