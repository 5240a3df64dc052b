import { S3BulkError } from '../errors.js';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';

/** One object of a listing, its key relative to the listed prefix. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly etag?: string;
  readonly storageClass?: string;
}

/** Why a sync copies an object (the rule of `aws s3 sync`; `checksum` with `compare: 'checksum'`). */
export type SyncReason = 'missing' | 'size' | 'newer' | 'checksum';

/** How a sync decides that an object present on both sides is up to date. */
export const SYNC_COMPARE_MODES = ['size-and-time', 'checksum'] as const;
export type SyncCompareMode = (typeof SYNC_COMPARE_MODES)[number];

export type SyncStep =
  | {
      readonly action: 'copy';
      readonly key: string;
      readonly reason: SyncReason;
      readonly source: ListedObject;
      readonly destination?: ListedObject;
    }
  | { readonly action: 'delete'; readonly key: string; readonly destination: ListedObject };

export interface PlanSyncOptions {
  /** Also yield a delete for each destination object missing at the source. @default false */
  readonly deleteExtra?: boolean;
  /**
   * `size-and-time` (the rule of `aws s3 sync`): copy when the sizes differ or the source is
   * newer. `checksum`: copy when the sizes differ or `checksumsDiffer` says so, whatever the
   * times (a re-uploaded identical object is left alone; a same-size edit is caught).
   * @default 'size-and-time'
   */
  readonly compare?: SyncCompareMode;
  /** Needed by `compare: 'checksum'`: reads both objects' checksums (HEAD, or a computed one). */
  readonly checksumsDiffer?: (source: ListedObject, destination: ListedObject) => Promise<boolean>;
}

/** Why a copy is needed, or undefined when the destination is up to date. */
export function syncReason(
  source: ListedObject,
  destination: ListedObject | undefined,
): SyncReason | undefined {
  if (!destination) return 'missing';
  if (source.size !== destination.size) return 'size';
  if (source.lastModified.getTime() > destination.lastModified.getTime()) return 'newer';
  return undefined;
}

async function reasonToCopy(
  source: ListedObject,
  destination: ListedObject,
  options: PlanSyncOptions,
): Promise<SyncReason | undefined> {
  if (options.compare !== 'checksum') return syncReason(source, destination);
  if (source.size !== destination.size) return 'size';
  if (!options.checksumsDiffer) {
    throw new S3BulkError('compare "checksum" needs a checksumsDiffer function', 'InvalidSyncPlan');
  }
  return (await options.checksumsDiffer(source, destination)) ? 'checksum' : undefined;
}

/** A listing a page at a time (what S3 answers), cheaper to walk than one object at a time. */
export interface PagedListing {
  readonly pages: AsyncIterable<readonly ListedObject[]>;
}

type Listing = AsyncIterable<ListedObject> | Iterable<ListedObject> | PagedListing;

/**
 * Diff two listings, each sorted as S3 lists keys (UTF-8 byte order), in one merge walk with constant memory: a copy
 * for every source object missing, of another size or newer at the destination; with
 * `deleteExtra`, a delete for every destination object missing at the source. A listing out of
 * order would turn into wrong deletes, so it stops the walk instead.
 */
export async function* planSync(
  source: Listing,
  destination: Listing,
  options: PlanSyncOptions = {},
): AsyncGenerator<SyncStep> {
  const src = sortedCursor(source, 'source');
  const dst = sortedCursor(destination, 'destination');
  try {
    yield* mergeWalk(src, dst, options);
  } finally {
    // A consumer that stops early (plan preview, abort) must not leave listings paging.
    await Promise.all([src.close(), dst.close()]);
  }
}

type Cursor = ReturnType<typeof sortedCursor>;

async function* mergeWalk(
  src: Cursor,
  dst: Cursor,
  options: PlanSyncOptions,
): AsyncGenerator<SyncStep> {
  // A cursor answers at once within a page: awaiting only at page ends keeps 200,000 keys from
  // costing 400,000 trips through the microtask queue.
  let s = await src.next();
  let d = await dst.next();
  while (s || d) {
    const order = !s ? 1 : !d ? -1 : compareKeys(s.key, d.key);
    if (order < 0 && s) {
      yield { action: 'copy', key: s.key, reason: 'missing', source: s };
    } else if (order > 0 && d) {
      if (options.deleteExtra) yield { action: 'delete', key: d.key, destination: d };
    } else if (s && d) {
      const reason =
        options.compare === 'checksum' ? await reasonToCopy(s, d, options) : syncReason(s, d);
      if (reason) yield { action: 'copy', key: s.key, reason, source: s, destination: d };
    }
    if (order <= 0) {
      const next = src.next();
      s = next instanceof Promise ? await next : next;
    }
    if (order >= 0) {
      const next = dst.next();
      d = next instanceof Promise ? await next : next;
    }
  }
}

function sortedCursor(listing: Listing, side: string) {
  const objects = 'pages' in listing ? undefined : listing;
  const iterator = objects
    ? Symbol.asyncIterator in objects
      ? objects[Symbol.asyncIterator]()
      : objects[Symbol.iterator]()
    : undefined;
  const pages = 'pages' in listing ? listing.pages[Symbol.asyncIterator]() : undefined;
  let page: readonly ListedObject[] = [];
  let at = 0;
  let previous: string | undefined;
  const inOrder = (item: ListedObject): ListedObject => {
    if (previous !== undefined && compareKeys(previous, item.key) >= 0) {
      throw new S3BulkError(
        `the ${side} listing is not in S3 key order ("${previous}" then "${item.key}"); refusing to sync from it`,
        'UnsortedListing',
      );
    }
    previous = item.key;
    return item;
  };
  const pull = async (): Promise<ListedObject | undefined> => {
    if (iterator) {
      const result = await iterator.next();
      return result.done ? undefined : inOrder(result.value);
    }
    while (at >= page.length) {
      const result = await pages!.next();
      if (result.done) return undefined;
      page = result.value;
      at = 0;
    }
    return inOrder(page[at++]!);
  };
  return {
    /** The next object (undefined at the end): a promise only when a page has to be awaited. */
    next(): ListedObject | undefined | Promise<ListedObject | undefined> {
      return !iterator && at < page.length ? inOrder(page[at++]!) : pull();
    },
    async close(): Promise<void> {
      await (iterator ?? pages)?.return?.();
    },
  };
}
