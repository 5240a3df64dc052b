import { ManifestError } from '../errors.js';
import { bucketNameProblem } from '../s3/url.js';
import { keyProblem } from './key-encoding.js';
import { readTextRowBatches, rejectRow, type TextRow } from './text-rows.js';
import type { ManifestEntry, ReadManifestOptions } from './types.js';

/** A pairs manifest: `source,destination` as s3:// URLs. @see readPairsManifest */
export interface PairsManifestOptions extends ReadManifestOptions {
  /** The first row is a header. @default false */
  readonly header?: boolean;
}

type Side = { bucket: string; key: string; prefix: boolean };

/**
 * Read a pairs manifest (the CSV of the AWS Batch copy/sync guide): `source,destination` as
 * `s3://` URLs. A URL ending in `/` (or a bare bucket) is a prefix, synced into the other
 * prefix; otherwise an object copied to the destination object. Keys are literal (not
 * URL-encoded); quote a field that holds a comma or a quote.
 */
export async function* readPairsManifest(
  location: string,
  options: PairsManifestOptions = {},
): AsyncGenerator<ManifestEntry> {
  for await (const entries of readPairsManifestBatches(location, options)) {
    for (const entry of entries) yield entry;
  }
}

/** `readPairsManifest`, a batch at a time (see `readLineBatches`: read each to its end first). */
export async function* readPairsManifestBatches(
  location: string,
  options: PairsManifestOptions = {},
): AsyncGenerator<Iterable<ManifestEntry>> {
  function* entriesOf(rows: Iterable<TextRow | ManifestError>): Generator<ManifestEntry> {
    for (const row of rows) {
      const entry = row instanceof ManifestError ? row : pairsEntry(row);
      if (entry instanceof ManifestError) rejectRow(entry, options);
      else yield entry;
    }
  }
  for await (const rows of readTextRowBatches(location, options)) yield entriesOf(rows);
}

function pairsEntry(row: TextRow): ManifestEntry | ManifestError {
  const where = { source: row.source, line: row.line, offset: row.offset };
  const fail = (field: string, problem: string) => new ManifestError(problem, where, field);
  if (row.fields.length < 2)
    return fail('destination', 'missing column: expected source,destination');
  if (row.fields.length > 2) {
    return fail(
      `column ${row.fields.length}`,
      `extra columns: expected 2 (source,destination), found ${row.fields.length}`,
    );
  }
  const source = parseSide(row.fields[0]!);
  if (typeof source === 'string') return fail('source', source);
  const destination = parseSide(row.fields[1]!);
  if (typeof destination === 'string') return fail('destination', destination);
  if (source.prefix !== destination.prefix) {
    return fail(
      'destination',
      source.prefix
        ? 'source is a prefix (ends in /) but destination is an object; end both with / to sync'
        : 'source is an object but destination is a prefix; name the destination object, or end both with / to sync',
    );
  }
  const location = { source: row.source, line: row.line, offset: row.offset };
  if (source.prefix) {
    return {
      kind: 'prefix',
      source: { bucket: source.bucket, prefix: source.key },
      destination: { bucket: destination.bucket, prefix: destination.key },
      location,
    };
  }
  return {
    kind: 'object',
    object: { bucket: source.bucket, key: source.key },
    destination: { bucket: destination.bucket, key: destination.key },
    location,
  };
}

/** Parse one side of a pair, or say what is wrong with it. */
function parseSide(raw: string): Side | string {
  const value = raw.trimStart();
  if (value === '') return 'empty: expected an s3://bucket/key URL';
  if (!value.startsWith('s3://'))
    return `"${clip(value)}" is not an s3:// URL (expected s3://bucket/key or s3://bucket/prefix/)`;
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return clip(bucketProblem, 200);
  const prefix = key === '' || key.endsWith('/');
  if (!prefix) {
    const problem = keyProblem(key);
    if (problem) return problem;
  } else if (Buffer.byteLength(key, 'utf8') > 1024) {
    return `prefix is ${Buffer.byteLength(key, 'utf8')} bytes in UTF-8; S3 keys are at most 1024`;
  }
  return { bucket, key, prefix };
}

/** Keep error messages readable when a field is a whole line of garbage. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
