import type {
  ListObjectsV2CommandInput,
  ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import { classifyError } from '../s3/errors.js';
import type { PrefixRef } from '../types.js';
import type { LeanCopier } from '../s3/lean-copy.js';
import type { ListAnswerOptions, ListedEntry, ListPage } from '../s3/list-answer.js';
import type { ListedObject } from './sync-plan.js';
import { loadSdk } from '../config/load-sdk.js';

export interface ListPrefixOptions {
  readonly expectedBucketOwner?: string;
  readonly requesterPays?: boolean;
  readonly signal?: AbortSignal;
  /** List only keys after this one (relative to the prefix): ListObjectsV2 `StartAfter`. */
  readonly startAfter?: string;
  /** Stop after this key (relative, inclusive): a shard's slice ends there. */
  readonly until?: string;
  /** Keys per page (MaxKeys). @default 1000 (S3's own) */
  readonly pageSize?: number;
  /** Read each object's ETag and storage class (a sync's destination needs neither). @default true */
  readonly etags?: boolean;
  /**
   * Told of each page request that S3 answered, whatever the answer (`plan`'s estimate counts
   * the LISTs a run makes); a request that was never sent is not told.
   */
  readonly onPage?: () => void;
}

/** One ListObjectsV2 request: `prefix` and `startAfter` are absolute (bucket keys). */
export interface PageQuery {
  readonly prefix: string;
  readonly startAfter?: string;
  readonly token?: string;
  /** Keys of the answer relative to `prefix` (objects outside it left out). @default false */
  readonly relative?: boolean;
}

/** Reads one ListObjectsV2 page of a bucket. */
export type PageReader = (query: PageQuery) => Promise<ListPage>;

/**
 * The page reader of one side: the lean path when the side has one (a few µs of CPU per key),
 * else the SDK's (about 38).
 */
export function pageReaderOf(
  client: S3Client,
  bucket: string,
  options: Pick<
    ListPrefixOptions,
    'expectedBucketOwner' | 'requesterPays' | 'signal' | 'pageSize' | 'onPage' | 'etags'
  >,
  lean?: LeanCopier,
): PageReader {
  const fields = { etags: options.etags !== false };
  return async ({ prefix, startAfter, token, relative = false }) => {
    const input = {
      Bucket: bucket,
      ...(prefix ? { Prefix: prefix } : {}),
      ...(token ? { ContinuationToken: token } : {}),
      ...(!token && startAfter !== undefined ? { StartAfter: startAfter } : {}),
      ...(options.pageSize !== undefined ? { MaxKeys: options.pageSize } : {}),
      ...(options.expectedBucketOwner ? { ExpectedBucketOwner: options.expectedBucketOwner } : {}),
      ...(options.requesterPays ? { RequestPayer: 'requester' as const } : {}),
    };
    const read = { ...fields, within: relative ? prefix : '' };
    try {
      const page =
        (await lean?.listObjectsV2(input, options.signal, read)) ??
        (await sdkListPage(client, input, options.signal, read));
      options.onPage?.();
      return page;
    } catch (error) {
      if (answered(error)) options.onPage?.();
      throw error;
    }
  };
}

/**
 * S3 answered the request (an error with its HTTP status): it was sent and is billed. A request
 * that never left (no credentials, a refused connection) is not counted.
 */
function answered(error: unknown): boolean {
  return classifyError(error).httpStatus !== undefined;
}

/** How {@link listPrefixPages} reads. */
export interface PrefixPagesOptions extends Pick<ListPrefixOptions, 'startAfter' | 'until'> {
  /**
   * Ask for the next page while one is consumed (at most two pages in memory). Off when the
   * caller reads ahead itself (`readAheadInOrder`): a page is then asked for only when pulled.
   * @default true
   */
  readonly prefetch?: boolean;
}

/**
 * Every object under a prefix, keys relative to it, in S3's listing order, a page at a time.
 * With `first`, that page (already read from `startAfter`) is used instead of asking for it again.
 */
export async function* listPrefixPages(
  read: PageReader,
  prefix: string,
  options: PrefixPagesOptions = {},
  first?: ListPage,
): AsyncGenerator<ListedObject[]> {
  const { until, prefetch = true } = options;
  // Pages are read with keys relative to the prefix, but `first` (read by the caller) whole.
  const past = (key: string) => until !== undefined && compareKeys(key, until) > 0;
  const ask = (token: string) => {
    const page = read({ prefix, token, relative: true });
    // A failed prefetch surfaces when awaited; until then it must not count as unhandled.
    page.catch(() => undefined);
    return page;
  };
  let next: Promise<ListPage> | undefined = first
    ? Promise.resolve(relativePage(first, prefix))
    : read({
        prefix,
        ...(options.startAfter !== undefined ? { startAfter: prefix + options.startAfter } : {}),
        relative: true,
      });
  while (next) {
    const page: ListPage = await next;
    const last = page.contents.at(-1)?.key;
    // Keys come sorted: only a page whose last key is past `until` needs each key compared.
    const lastPast = last !== undefined && past(last);
    let token: string | undefined =
      page.isTruncated && !lastPast ? page.nextContinuationToken : undefined;
    next = token && prefetch ? ask(token) : undefined;
    if (next) token = undefined;
    let objects: readonly ListedObject[] = page.contents;
    if (lastPast) {
      const inside = objects.findIndex((object) => past(object.key));
      objects = objects.slice(0, inside);
    }
    if (objects.length > 0) yield objects as ListedObject[];
    if (token) next = read({ prefix, token, relative: true });
  }
}

/**
 * Every object under a prefix, keys relative to it, in S3's listing order, with at most two pages
 * (1,000 keys each) in memory. ListObjectsV2 only: sizes and times come with the listing. With
 * `lean` (the side's lean path, on the client's pool) pages are read without the SDK.
 */
export async function* listPrefix(
  client: S3Client,
  where: PrefixRef,
  options: ListPrefixOptions = {},
  lean?: LeanCopier,
): AsyncGenerator<ListedObject> {
  const read = pageReaderOf(client, where.bucket, options, lean);
  for await (const page of listPrefixPages(read, where.prefix, options)) yield* page;
}

/** A page read whole, its keys made relative to the prefix (objects outside it left out). */
function relativePage(page: ListPage, prefix: string): ListPage {
  if (prefix === '') return page;
  const contents: ListedObject[] = [];
  for (const entry of page.contents) {
    if (!entry.key.startsWith(prefix)) continue;
    const object: { -readonly [K in keyof ListedObject]: ListedObject[K] } = {
      key: entry.key.slice(prefix.length),
      size: entry.size,
      lastModified: entry.lastModified,
    };
    if (entry.etag !== undefined) object.etag = entry.etag;
    if (entry.storageClass !== undefined) object.storageClass = entry.storageClass;
    contents.push(object);
  }
  return { ...page, contents };
}

/** One ListObjectsV2 page through the SDK: a request the lean path leaves to it. */
async function sdkListPage(
  client: S3Client,
  input: ListObjectsV2CommandInput,
  signal: AbortSignal | undefined,
  fields: ListAnswerOptions,
): Promise<ListPage> {
  const { ListObjectsV2Command } = await loadSdk('s3');
  const page = await client.send(
    new ListObjectsV2Command(input),
    signal ? { abortSignal: signal } : {},
  );
  return sdkPage(page, fields);
}

/** An SDK page in the lean path's shape. */
function sdkPage(page: ListObjectsV2CommandOutput, fields: ListAnswerOptions): ListPage {
  const contents: ListedEntry[] = [];
  const within = fields.within ?? '';
  for (const object of page.Contents ?? []) {
    if (object.Key === undefined || !object.Key.startsWith(within)) continue;
    contents.push({
      key: object.Key.slice(within.length),
      size: object.Size ?? 0,
      lastModified: object.LastModified ?? new Date(0),
      ...(fields.etags !== false && object.ETag ? { etag: object.ETag } : {}),
      ...(fields.etags !== false && object.StorageClass
        ? { storageClass: object.StorageClass }
        : {}),
    });
  }
  return {
    contents,
    isTruncated: page.IsTruncated === true,
    ...(page.NextContinuationToken ? { nextContinuationToken: page.NextContinuationToken } : {}),
  };
}
