import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { ManifestError, TaskFailure, type SourceLocation } from '../errors.js';
import { entryTaskId } from '../manifest/entry-id.js';
import type { ObjectEntry, PrefixEntry } from '../manifest/types.js';
import { classifyError } from '../s3/errors.js';
import { formatS3Url } from '../s3/url.js';
import { copyObject, copyRequests } from './copy.js';
import { planCopy } from './copy-request.js';
import { checkCopyOptions, copyOptionsShape } from './copy-spec.js';
import { parseSpec } from './spec-schema.js';
import { DeleteBatcher, type DeleteBatcherOptions } from './sync-delete-batcher.js';
import { listPrefixInRanges, type RangedListingOptions } from './ranged-listing.js';
import { compareObjects, headWithChecksums } from './object-compare.js';
import { planSync, SYNC_COMPARE_MODES, type ListedObject, type PagedListing } from './sync-plan.js';
import type { Operation, OperationContext, OperationDefinition, Task } from './types.js';

/** The value under `S3BulkPairs`: sync-delete plus the copy options of S3PutObjectCopy. */
export const pairsSpecSchema = lazySchema(() =>
  z.strictObject({
    /** Delete destination objects missing at the source (prefix rows). @default false */
    SyncDelete: z.boolean().optional(),
    /** Prefix rows: how an object on both sides is found up to date. @default 'size-and-time' */
    Compare: z.enum(SYNC_COMPARE_MODES).optional(),
    ...copyOptionsShape,
  }),
);

export type PairsSpec = z.output<ReturnType<typeof pairsSpecSchema>>;

export function parsePairsSpec(value: unknown): PairsSpec {
  const spec = parseSpec(pairsSpecSchema(), value ?? {}, 'S3BulkPairs');
  checkCopyOptions(spec, 'S3BulkPairs');
  return spec;
}

/** How a prefix row's listings are cut into concurrent key ranges (`ranges: 1`: one after another). */
export type ListingTuning = Pick<
  RangedListingOptions,
  'ranges' | 'probes' | 'pagesAhead' | 'pageSize'
>;

/** Tuning that is not part of the job spec (tests lower the batch size, or list sequentially). */
export type PairsOperationOptions = DeleteBatcherOptions & { readonly listing?: ListingTuning };

/**
 * `S3BulkPairs`, the operation of a pairs manifest: an object row copies one object to its
 * destination; a prefix row syncs one prefix into another like `aws s3 sync` (with SyncDelete,
 * `--delete`). Expanding only lists, so `s3bulk plan` can call `expand` safely.
 */
export function createPairsOperation(
  spec: PairsSpec,
  options: PairsOperationOptions = {},
): Operation {
  const batcher = new DeleteBatcher(options);
  const tuning = options.listing ?? {};
  return {
    name: 'S3BulkPairs',
    spec,
    expand: (entry, context, options) =>
      entry.kind === 'object'
        ? expandObject(entry)
        : expandPrefix(entry, spec, context, options?.after, options?.until, tuning),
    requestsOf: (task, context) =>
      task.action === 'delete'
        ? batcher.requestsOf(task.object)
        : copyRequests(task, spec, context),
    async run(task, context) {
      if (task.action !== 'delete') {
        const outcome = await copyObject(planCopy(task, spec), task, context);
        if (task.reason === undefined || outcome.effect === undefined) return outcome;
        return { ...outcome, effect: { ...outcome.effect, reason: task.reason } };
      }
      await batcher.delete(context.s3.destination, task.object, {
        ...(context.settings.expectedBucketOwner
          ? { expectedBucketOwner: context.settings.expectedBucketOwner }
          : {}),
        ...(spec.RequesterPays ? { requesterPays: true } : {}),
      });
      const effect = { action: 'delete' as const, target: task.object };
      return { effect: task.reason !== undefined ? { ...effect, reason: task.reason } : effect };
    },
  };
}

export const pairsDefinition: OperationDefinition<PairsSpec> = {
  name: 'S3BulkPairs',
  parse: parsePairsSpec,
  create: (spec) => createPairsOperation(spec),
};

async function* expandObject(entry: ObjectEntry): AsyncGenerator<Task> {
  if (!entry.destination) {
    throw new ManifestError('a pairs row needs a destination', entry.location, 'destination');
  }
  yield {
    id: entryTaskId(entry.location),
    object: entry.object,
    destination: entry.destination,
    action: 'copy',
    ...(entry.facts ? { facts: entry.facts } : {}),
    location: entry.location,
  };
}

/**
 * Prefix row: diff both listings and yield a task per copy or delete; nothing is written here.
 * With `after`, both sides are listed from the key after it (a resume continuing its plan);
 * with `until`, up to that key only (a shard's slice).
 */
async function* expandPrefix(
  entry: PrefixEntry,
  spec: PairsSpec,
  context: OperationContext,
  after?: string,
  until?: string,
  tuning: ListingTuning = {},
): AsyncGenerator<Task> {
  const { source, destination, location } = entry;
  const overlap = !context.crossEndpoint && prefixesOverlap(entry);
  if (overlap) {
    throw new ManifestError(
      `${formatS3Url(source.bucket, source.prefix)} and ${formatS3Url(destination.bucket, destination.prefix)} overlap: a sync would copy into what it reads${spec.SyncDelete ? ' and delete its own source' : ''}`,
      location,
      'destination',
    );
  }
  // A sync compares sizes and times, and nothing after the diff reads an ETag or a storage class
  // (a multipart copy guards with its own HEAD's ETag): neither side's are read from the pages,
  // which saves making and collecting a string per key (docs/benchmarks.md, "W3 per key").
  const listOptions = (owner: string | undefined): RangedListingOptions => ({
    ...tuning,
    etags: false,
    signal: context.signal,
    ...(owner ? { expectedBucketOwner: owner } : {}),
    ...(spec.RequesterPays ? { requesterPays: true } : {}),
    ...(after !== undefined ? { startAfter: after } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(context.onRequest ? { onPage: () => context.onRequest?.('ListObjectsV2') } : {}),
  });
  const steps = planSync(
    namingFailures(
      listPrefixInRanges(
        context.s3.source,
        source,
        listOptions(context.settings.expectedSourceBucketOwner),
        context.s3.sourceCopier,
      ),
      formatS3Url(source.bucket, source.prefix),
      location,
    ),
    namingFailures(
      listPrefixInRanges(
        context.s3.destination,
        destination,
        listOptions(context.settings.expectedBucketOwner),
        context.s3.copier,
      ),
      formatS3Url(destination.bucket, destination.prefix),
      location,
    ),
    {
      deleteExtra: spec.SyncDelete === true,
      ...(spec.Compare === 'checksum'
        ? { compare: 'checksum', checksumsDiffer: checksumsDiffer(entry, context) }
        : {}),
    },
  );
  for await (const step of steps) {
    // The prefix itself as a key (a folder marker) cannot land on a bucket root.
    if (step.key === '' && destination.prefix === '') continue;
    const id = `${entryTaskId(location)}:${step.key}`;
    const target = { bucket: destination.bucket, key: destination.prefix + step.key };
    if (step.action === 'delete') {
      yield { id, object: target, action: 'delete', reason: 'extra', location };
      continue;
    }
    const { size, lastModified } = step.source;
    yield {
      id,
      object: { bucket: source.bucket, key: source.prefix + step.key },
      destination: target,
      action: 'copy',
      reason: step.reason,
      facts: { size, lastModified },
      location,
    };
  }
}

/**
 * A listing whose failure says which row and which URL could not be listed (a missing bucket, an
 * endpoint that refuses connections): the row then ends as one failed task in the report.
 */
function namingFailures(
  pages: AsyncIterable<ListedObject[]>,
  url: string,
  location: SourceLocation,
): PagedListing {
  return { pages: pagesNamingFailures(pages, url, location) };
}

async function* pagesNamingFailures(
  pages: AsyncIterable<ListedObject[]>,
  url: string,
  location: SourceLocation,
): AsyncGenerator<ListedObject[]> {
  try {
    yield* pages;
  } catch (error) {
    const { code, httpStatus, message } = classifyError(error);
    const where = location.line ? `${location.source}:${location.line}` : location.source;
    throw new TaskFailure(`${where}: cannot list ${url}: ${message}`, code, {
      temporary: false,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      cause: error,
    });
  }
}

/**
 * `Compare: 'checksum'`: two same-size objects differ when their checksums do (stored ones of a
 * common algorithm, else CRC64NVME computed by reading), S3BulkVerify's rule. Runs while the
 * plan is made: one HEAD per side, and a read where no checksum is stored.
 */
function checksumsDiffer(entry: PrefixEntry, context: OperationContext) {
  const side = (
    client: OperationContext['s3']['source'],
    bucket: string,
    key: string,
    owner?: string,
  ) => ({
    client,
    target: { Bucket: bucket, Key: key, ...(owner ? { ExpectedBucketOwner: owner } : {}) },
  });
  return async (source: ListedObject, destination: ListedObject): Promise<boolean> => {
    const { settings } = context;
    const from = side(
      context.s3.source,
      entry.source.bucket,
      entry.source.prefix + source.key,
      settings.expectedSourceBucketOwner,
    );
    const to = side(
      context.s3.destination,
      entry.destination.bucket,
      entry.destination.prefix + destination.key,
      settings.expectedBucketOwner,
    );
    const head = await headWithChecksums(from, context.signal);
    // Gone since the listing: nothing to copy, the copy task would fail on it anyway.
    if (!head) return false;
    const result = await compareObjects(from, to, 'CRC64NVME', context.signal, head);
    return !result.match;
  };
}

/** Same bucket and one prefix inside the other (or equal): syncing would feed on itself. */
export function prefixesOverlap(entry: Pick<PrefixEntry, 'source' | 'destination'>): boolean {
  const { source, destination } = entry;
  if (source.bucket !== destination.bucket) return false;
  return (
    source.prefix.startsWith(destination.prefix) || destination.prefix.startsWith(source.prefix)
  );
}
