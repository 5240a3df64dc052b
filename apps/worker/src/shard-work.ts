import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  ManifestError,
  entryTaskId,
  formatS3Url,
  keySliceOf,
  openManifest,
  planByteRange,
  planInventoryFiles,
  readInventoryManifest,
  type KeyRange,
  type ManifestEntry,
  type ManifestSpec,
  type PrefixEntry,
  type ShardRef,
} from '@s3bulk/core';
import type { WorkerConfig } from './worker-config.js';

/**
 * A pairs manifest up to this size is scanned whole by every child for its prefix rows, so each
 * prefix is split by key space across all children. Larger ones are read by range only (a
 * prefix row then syncs whole in the child whose range holds it): 10,000 children reading a
 * big file whole would read it 10,000 times.
 */
export const PREFIX_SCAN_LIMIT = 4 * 1024 * 1024;

/** What one child of the array reads and runs. */
export interface ShardWork {
  /** The manifest as the job spec records it. */
  readonly manifest: ManifestSpec;
  /** This shard's entries under the recorded plan; called again for each pass the engine makes. */
  readonly entries: (plan: ShardPlan) => AsyncIterable<ManifestEntry>;
  /** For the logs: which part of the manifest this shard has. */
  readonly share: Record<string, unknown>;
  /** What the split depends on; a later attempt must see the same (see `checkShardPlan`). */
  readonly plan: ShardPlan;
  /** Prefix rows every child syncs a slice of: the planner samples each to split it. */
  readonly prefixRows?: () => AsyncIterable<PrefixEntry>;
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

/** Plan this shard's share of the manifest; reads only metadata (HEAD, inventory manifest.json). */
export async function planShardWork(
  config: WorkerConfig,
  s3: S3Client,
  signal: AbortSignal,
): Promise<ShardWork> {
  const { bucket, key, format, header, fields } = config.manifest;
  const location = formatS3Url(bucket, key);
  const shard = config.shard;
  if (format === 'object') {
    const entry: ManifestEntry = {
      kind: 'object',
      object: { bucket, key },
      location: { source: location, line: 1 },
    };
    return {
      manifest: { format: 'csv', location },
      entries: async function* () {
        if (shard.index === 0) yield entry;
      },
      share: { object: shard.index === 0 ? location : null },
      plan: { manifest: location, format, shards: shard.count, etag: null },
    };
  }
  const spec: ManifestSpec = {
    format,
    location,
    header,
    ...(fields ? { fields } : {}),
  };
  if (format === 'inventory') {
    const { manifest } = await readInventoryManifest(location, { s3, signal });
    const { etag } = await headManifest(s3, bucket, key, location);
    const files = planInventoryFiles(
      manifest.files.map((f) => f.size ?? 0),
      shard,
    );
    return {
      manifest: spec,
      entries: async function* () {
        if (files.length === 0) return;
        // Rows carry their data file's index, so task ids are the same whichever shard reads them.
        yield* openManifest(spec, { s3, signal, inventoryFiles: files });
      },
      share: { inventoryFiles: files },
      plan: { manifest: location, format, shards: shard.count, etag },
    };
  }
  const { size, etag } = await headManifest(s3, bucket, key, location);
  const range = planByteRange(size, shard);
  const scanPrefixes = format === 'pairs' && shard.count > 1 && size <= PREFIX_SCAN_LIMIT;
  const prefixRows = async function* () {
    for await (const entry of openManifest(spec, { s3, signal })) {
      if (entry.kind === 'prefix') yield entry;
    }
  };
  return {
    manifest: spec,
    entries: async function* (plan) {
      if (range.end > range.start) {
        for await (const entry of openManifest(spec, { s3, signal, range })) {
          if (!(scanPrefixes && entry.kind === 'prefix')) yield entry;
        }
      }
      if (!scanPrefixes) return;
      for await (const entry of prefixRows()) {
        if (prefixSlice(plan, shard, entry)) yield entry;
      }
    },
    share: { bytes: range, of: size, prefixRowsByKeySpace: scanPrefixes },
    plan: { manifest: location, format, shards: shard.count, etag },
    ...(scanPrefixes ? { prefixRows } : {}),
  };
}

async function headManifest(
  s3: S3Client,
  bucket: string,
  key: string,
  location: string,
): Promise<{ size: number; etag: string | null }> {
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
