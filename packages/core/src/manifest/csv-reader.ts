import { ConfigError, ManifestError } from '../errors.js';
import { bucketNameProblem } from '../s3/url.js';
import { DEFAULT_CSV_FIELDS } from './constants.js';
import { decodeManifestKey, keyProblem } from './key-encoding.js';
import { clip } from './pairs-reader.js';
import { readTextRowBatches, rejectRow, type TextRow } from './text-rows.js';
import type { CsvField, ManifestEntry, ObjectEntry, ReadManifestOptions } from './types.js';

/** An `S3BatchOperations_CSV_20180820` manifest. @see readCsvManifest */
export interface CsvManifestOptions extends ReadManifestOptions {
  /** The first row is a header. @default false */
  readonly header?: boolean;
  /**
   * Column order. Without it, rows are `Bucket,Key` with an optional third `VersionId` column.
   * @default ['Bucket', 'Key']
   */
  readonly fields?: readonly CsvField[];
}

const KNOWN_FIELDS: readonly CsvField[] = ['Ignore', 'Bucket', 'Key', 'VersionId'];

/** Check a column order: Bucket and Key exactly once, VersionId at most once. Throws ConfigError. */
export function validateCsvFields(fields: readonly string[]): readonly CsvField[] {
  for (const field of fields) {
    if (!KNOWN_FIELDS.includes(field as CsvField)) {
      throw new ConfigError(
        `unknown csv manifest field "${field}" (allowed: ${KNOWN_FIELDS.join(', ')})`,
      );
    }
  }
  const count = (name: CsvField) => fields.filter((f) => f === name).length;
  if (count('Bucket') !== 1 || count('Key') !== 1 || count('VersionId') > 1) {
    throw new ConfigError(
      `csv manifest fields must name Bucket and Key once and VersionId at most once (got ${fields.join(',') || 'nothing'})`,
    );
  }
  return fields as readonly CsvField[];
}

/**
 * Read an `S3BatchOperations_CSV_20180820` manifest: keys URL-decoded as S3 Batch Operations
 * does (`+` is a space, `%2B` a plus), and either every row has a VersionId or none does.
 */
export async function* readCsvManifest(
  location: string,
  options: CsvManifestOptions = {},
): AsyncGenerator<ManifestEntry> {
  for await (const entries of readCsvManifestBatches(location, options)) {
    for (const entry of entries) yield entry;
  }
}

/** `readCsvManifest`, a batch at a time (see `readLineBatches`: read each to its end first). */
export async function* readCsvManifestBatches(
  location: string,
  options: CsvManifestOptions = {},
): AsyncGenerator<Iterable<ManifestEntry>> {
  const explicit = options.fields !== undefined;
  const fields = validateCsvFields(options.fields ?? DEFAULT_CSV_FIELDS);
  let versioned: { has: boolean; line: number } | undefined;
  function* entriesOf(rows: Iterable<TextRow | ManifestError>): Generator<ManifestEntry> {
    for (const row of rows) {
      const entry = row instanceof ManifestError ? row : csvEntry(row, fields, explicit);
      if (entry instanceof ManifestError) {
        rejectRow(entry, options);
        continue;
      }
      const has = entry.object.versionId !== undefined;
      versioned ??= { has, line: entry.location.line };
      if (versioned.has !== has) {
        const problem = has
          ? `row has a VersionId but line ${versioned.line} has none; every row must have one, or none`
          : `row has no VersionId but line ${versioned.line} has one; every row must have one, or none`;
        rejectRow(new ManifestError(problem, entry.location, 'VersionId'), options);
        continue;
      }
      yield entry;
    }
  }
  for await (const rows of readTextRowBatches(location, options)) yield entriesOf(rows);
}

function csvEntry(
  row: TextRow,
  fields: readonly CsvField[],
  explicit: boolean,
): ObjectEntry | ManifestError {
  const location = { source: row.source, line: row.line, offset: row.offset };
  const fail = (field: string, problem: string) => new ManifestError(problem, location, field);
  // Without explicit fields, a third column is an optional VersionId.
  const columns = !explicit && row.fields.length === 3 ? [...fields, 'VersionId' as const] : fields;
  if (row.fields.length < columns.length) {
    return fail(columns[row.fields.length]!, `missing column: expected ${columns.join(',')}`);
  }
  if (row.fields.length > columns.length) {
    return fail(
      `column ${columns.length + 1}`,
      `extra columns: expected ${columns.length} (${columns.join(',')}), found ${row.fields.length}`,
    );
  }
  const value = (name: CsvField) => row.fields[columns.indexOf(name)];
  const bucket = value('Bucket') ?? '';
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) {
    // S3 Batch Operations manifests have no header; a first row that names the columns is one.
    const header = row.line === 1 && fields.some((f) => f.toLowerCase() === bucket.toLowerCase());
    const hint = header ? ': the first row looks like a header (--header, or "header": true)' : '';
    return fail('Bucket', clip(bucketProblem, 200) + hint);
  }
  const decoded = decodeManifestKey(value('Key') ?? '');
  if (!decoded.ok) return fail('Key', decoded.problem);
  const problem = keyProblem(decoded.value);
  if (problem) return fail('Key', problem);
  const versionId = value('VersionId');
  return {
    kind: 'object',
    object: { bucket, key: decoded.value, ...(versionId ? { versionId } : {}) },
    location,
  };
}
