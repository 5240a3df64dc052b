import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError, ManifestError } from '../../errors.js';
import { entryTaskId } from '../../manifest/entry-id.js';
import { readInventoryManifest } from '../../manifest/inventory-manifest.js';
import { openManifestBatches } from '../../manifest/open-manifest.js';
import { spoolManifestRange, type SpooledRange } from '../../manifest/range-spool.js';
import type {
  ManifestEntry,
  ManifestInput,
  PrefixEntry,
  ReadManifestOptions,
} from '../../manifest/types.js';
import { isS3Url, parseS3Url } from '../../s3/url.js';
import { planByteRange } from './shard/byte-range.js';
import { planInventoryFiles } from './shard/inventory-files.js';
import { keySliceOf } from './shard/key-split.js';
import type { KeyRange, ShardRef } from './shard/types.js';
import { loadSdk } from '../../config/load-sdk.js';

/**
 * A pairs manifest up to this size is scanned whole by every child for its prefix rows, so each
 * prefix is split by key space across all children. Larger ones are read by range only (a
 * prefix row then syncs whole in the child whose range holds it): 10,000 children reading a
 * big file whole would read it 10,000 times.
 */
export const PREFIX_SCAN_LIMIT = 4 * 1024 * 1024;

/**
 * A child's share of a text manifest up to this size is fetched once to local disk (Fargate gives
 * a task 20 GiB); a larger one is fetched from S3 on each of the engine's two passes.
 */
export const SPOOL_LIMIT_BYTES = 2 * 1024 ** 3;

/** What one child of the array reads and runs. */
export interface ShardWork {
  /**
   * This shard's entries under the recorded plan, a batch at a time (`openManifestBatches`, as
   * `RunJobOptions.manifest` reads them); called again for each pass the engine makes.
   */
  readonly entries: (plan: ShardPlan) => AsyncIterable<Iterable<ManifestEntry>>;
  /** For the logs: which part of the manifest this shard has. */
  readonly share: Record<string, unknown>;
  /** What the split depends on; a later attempt must see the same (see `checkShardPlan`). */
  readonly plan: ShardPlan;
  /** Prefix rows every child syncs a slice of: the planner samples each to split it. */
  readonly prefixRows?: () => AsyncIterable<PrefixEntry>;
  /** Removes what reading the share left on local disk. */
  readonly close?: () => Promise<void>;
}

/** The inputs of a split: the same on every child and attempt, or shares would not tile. */
export interface ShardPlan {
  readonly manifest: string;
  readonly format: string;
  readonly shards: number;
  /** ETag of the manifest (pairs, csv, object) or of its manifest.json (inventory). */
  readonly etag: string | null;
  /**
   * Prefix rows shared by key space: row id -> boundary keys (relative to the source prefix)
   * sampled once by the planner, so every child and attempt cuts the row at the same keys.
   */
  readonly prefixSplits?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The slice of a prefix row `shard` syncs under `plan`, or undefined when it has none. Rows start
 * their slices at different shards (by line), so many small prefixes spread over the children.
 */
export function prefixSlice(
  plan: ShardPlan,
  shard: ShardRef,
  entry: PrefixEntry,
): KeyRange | undefined {
  if (!plan.prefixSplits) return {};
  const bounds = plan.prefixSplits[entryTaskId(entry.location)];
  if (!bounds) {
    throw new ConfigError(
      `prefix row at line ${entry.location.line} of ${plan.manifest} is not in the job's recorded plan`,
    );
  }
  return keySliceOf(bounds, shard, entry.location.line % shard.count);
}

export interface ShardWorkOptions {
  /** The job's manifest: a file in S3 or one object (a generated manifest is listed by submit). */
  readonly manifest: ManifestInput;
  readonly shard: ShardRef;
  /** The job's control client of the source side (manifest reads). */
  readonly s3: S3Client;
  readonly signal?: AbortSignal;
  /** ExpectedBucketOwner of the manifest's bucket (the source side). */
  readonly expectedBucketOwner?: string;
}

/** Plan this shard's share of the manifest; reads only metadata (HEAD, inventory manifest.json). */
export async function planShardWork(options: ShardWorkOptions): Promise<ShardWork> {
  const { manifest, shard, s3, signal } = options;
  if (manifest.format === 'generate') {
    throw new ConfigError(
      'a generated manifest is listed once before the shards start (s3bulk submit --generate does); a worker cannot list it itself',
    );
  }
  const location = manifest.location;
  if (!isS3Url(location)) {
    throw new ConfigError(`the workers read the manifest from S3, not ${location}`);
  }
  const { bucket, key } = parseS3Url(location);
  const read: ReadManifestOptions = {
    s3,
    ...(signal ? { signal } : {}),
    ...(options.expectedBucketOwner ? { expectedBucketOwner: options.expectedBucketOwner } : {}),
  };
  if (manifest.format === 'object') {
    return {
      entries: async function* () {
        if (shard.index === 0) yield* openManifestBatches(manifest, read);
      },
      share: { object: shard.index === 0 ? location : null },
      plan: { manifest: location, format: 'object', shards: shard.count, etag: null },
    };
  }
  if (manifest.format === 'inventory') {
    const inventory = await readInventoryManifest(location, read);
    const { etag } = await headManifest(s3, bucket, key, location);
    const files = planInventoryFiles(
      inventory.manifest.files.map((f) => f.size ?? 0),
      shard,
    );
    return {
      entries: async function* () {
        if (files.length === 0) return;
        // Rows carry their data file's index, so task ids are the same whichever shard reads them.
        yield* openManifestBatches(manifest, { ...read, inventoryFiles: files });
      },
      share: { inventoryFiles: files },
      plan: { manifest: location, format: manifest.format, shards: shard.count, etag },
    };
  }
  const { size, etag } = await headManifest(s3, bucket, key, location);
  const range = planByteRange(size, shard);
  const scanPrefixes = manifest.format === 'pairs' && shard.count > 1 && size <= PREFIX_SCAN_LIMIT;
  const prefixRows = async function* () {
    for await (const entries of openManifestBatches(manifest, read)) {
      for (const entry of entries) if (entry.kind === 'prefix') yield entry;
    }
  };
  // The engine reads the share twice (to check it, to run it): S3 serves it once.
  let spool: Promise<SpooledRange> | undefined;
  return {
    entries: async function* (plan) {
      if (range.end > range.start) {
        // A share larger than a container's spare disk is fetched once per pass instead.
        if (range.end - range.start <= SPOOL_LIMIT_BYTES) {
          spool ??= spoolManifestRange(location, range, read);
        }
        const localCopy = spool ? { localCopy: (await spool).path } : {};
        const batches = openManifestBatches(manifest, { ...read, range, ...localCopy });
        // Prefix rows in the range are read again below, from the whole file, sliced by key.
        yield* scanPrefixes ? objectEntriesOf(batches) : batches;
      }
      if (!scanPrefixes) return;
      // A prefix row expands into its listing's tasks: one such row is a batch of its own.
      for await (const entry of prefixRows()) {
        if (prefixSlice(plan, shard, entry) !== undefined) yield [entry];
      }
    },
    share: { bytes: range, of: size, prefixRowsByKeySpace: scanPrefixes },
    plan: { manifest: location, format: manifest.format, shards: shard.count, etag },
    ...(scanPrefixes ? { prefixRows } : {}),
    close: async () => {
      const spooled = await spool?.catch(() => undefined);
      await spooled?.close();
    },
  };
}

/** The object entries of each batch (an empty batch is not passed on). */
async function* objectEntriesOf(
  batches: AsyncIterable<Iterable<ManifestEntry>>,
): AsyncGenerator<ManifestEntry[]> {
  for await (const entries of batches) {
    const objects = [...entries].filter((entry) => entry.kind === 'object');
    if (objects.length > 0) yield objects;
  }
}

async function headManifest(
  s3: S3Client,
  bucket: string,
  key: string,
  location: string,
): Promise<{ size: number; etag: string | null }> {
  const { HeadObjectCommand } = await loadSdk('s3');
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: head.ContentLength ?? 0, etag: head.ETag ?? null };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || status === 403) {
      throw new ManifestError(
        status === 404 ? 'manifest not found' : 'access to the manifest denied',
        { source: location },
        undefined,
        { cause: error, code: status === 404 ? 'ManifestNotFound' : 'ManifestAccessDenied' },
      );
    }
    throw error;
  }
}
