import { ConfigError, ManifestError } from '../errors.js';
import { isS3Url, parseS3Url } from '../s3/url.js';
import { readCsvManifestBatches } from './csv-reader.js';
import { generateManifest } from './generator.js';
import { readInventoryManifestEntries } from './inventory-reader.js';
import { readPairsManifestBatches } from './pairs-reader.js';
import type { ManifestEntry, ManifestInput, ManifestSpec, ReadManifestOptions } from './types.js';

/**
 * The entries of any job input, streamed: a pairs, csv or inventory file (local or s3://), or a
 * bucket listing. Bad rows go to `options.onInvalid` (or throw); bad files always throw.
 */
export function openManifest(
  input: ManifestInput,
  options: ReadManifestOptions = {},
): AsyncGenerator<ManifestEntry> {
  switch (input.format) {
    case 'pairs':
    case 'csv':
      return entriesOf(textManifestBatches(input, options));
    case 'inventory':
      return readInventoryManifestEntries(input.location, options);
    case 'object':
      return singleObject(input.location);
    case 'generate':
      if (!options.s3) throw new ConfigError('an S3 client is needed to list a bucket');
      return generateManifest(input, {
        s3: options.s3,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onRequest ? { onRequest: options.onRequest } : {}),
        ...(options.expectedBucketOwner
          ? { expectedBucketOwner: options.expectedBucketOwner }
          : {}),
      });
    default:
      throw new ConfigError(
        `unknown manifest format "${(input as { format: string }).format}" (allowed: pairs, csv, inventory, object, generate)`,
      );
  }
}

/**
 * `openManifest`, a batch of entries at a time: a chunk's rows of a pairs or csv file (planning
 * 10M lines spends less on async steps), one entry per batch of the other inputs. Read each
 * batch to its end before asking for the next.
 */
export async function* openManifestBatches(
  input: ManifestInput,
  options: ReadManifestOptions = {},
): AsyncGenerator<Iterable<ManifestEntry>> {
  if (input.format === 'pairs' || input.format === 'csv') {
    yield* textManifestBatches(input, options);
    return;
  }
  for await (const entry of openManifest(input, options)) yield [entry];
}

function textManifestBatches(
  input: ManifestSpec,
  options: ReadManifestOptions,
): AsyncGenerator<Iterable<ManifestEntry>> {
  return input.format === 'pairs'
    ? readPairsManifestBatches(input.location, { ...options, header: input.header })
    : readCsvManifestBatches(input.location, {
        ...options,
        header: input.header,
        ...(input.fields ? { fields: input.fields } : {}),
      });
}

async function* entriesOf(
  batches: AsyncIterable<Iterable<ManifestEntry>>,
): AsyncGenerator<ManifestEntry> {
  for await (const entries of batches) {
    for (const entry of entries) yield entry;
  }
}

async function* singleObject(location: string): AsyncGenerator<ManifestEntry> {
  if (!isS3Url(location)) {
    throw new ConfigError(
      `an object manifest names an S3 object (s3://bucket/key), not ${location}`,
    );
  }
  const { bucket, key } = parseS3Url(location);
  yield { kind: 'object', object: { bucket, key }, location: { source: location, line: 1 } };
}

/** What `validateManifest` found. This is the `--json` shape of `s3bulk manifest validate`. */
export interface ManifestValidation {
  readonly valid: boolean;
  /** Data rows read (good and bad), or objects listed for a generated manifest. */
  readonly rows: number;
  readonly objects: number;
  readonly prefixes: number;
  /** Distinct buckets named by the entries (both sides of pairs). */
  readonly buckets: number;
  /** The first `maxErrors` problems. */
  readonly errors: readonly ManifestError[];
  readonly errorCount: number;
}

export interface ValidateManifestOptions extends Omit<ReadManifestOptions, 'onInvalid'> {
  /** How many errors to keep. @default 20 */
  readonly maxErrors?: number;
}

/** Read a whole manifest, counting entries and collecting problems instead of stopping at one. */
export async function validateManifest(
  input: ManifestInput,
  options: ValidateManifestOptions = {},
): Promise<ManifestValidation> {
  const maxErrors = options.maxErrors ?? 20;
  const errors: ManifestError[] = [];
  const buckets = new Set<string>();
  let errorCount = 0;
  let badRows = 0;
  let objects = 0;
  let prefixes = 0;
  const record = (error: ManifestError) => {
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(error);
  };
  const onInvalid = (error: ManifestError) => {
    badRows += 1;
    record(error);
  };
  try {
    for await (const entry of openManifest(input, { ...options, onInvalid })) {
      if (entry.kind === 'object') {
        objects += 1;
        buckets.add(entry.object.bucket);
        if (entry.destination) buckets.add(entry.destination.bucket);
      } else {
        prefixes += 1;
        buckets.add(entry.source.bucket);
        buckets.add(entry.destination.bucket);
      }
    }
  } catch (error) {
    // A bad file (not found, not gzip, MD5 mismatch) ends the read; it is no row.
    if (!(error instanceof ManifestError)) throw error;
    record(error);
  }
  return {
    valid: errorCount === 0,
    rows: objects + prefixes + badRows,
    objects,
    prefixes,
    buckets: buckets.size,
    errors,
    errorCount,
  };
}
