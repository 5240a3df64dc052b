import { ManifestError } from '../errors.js';
import type { ObjectFacts } from '../types.js';
import { bucketNameProblem } from '../s3/url.js';
import {
  resolveInventoryFiles,
  readInventoryManifest,
  type InventoryDataFile,
} from './inventory-manifest.js';
import { decodeManifestKey, keyProblem } from './key-encoding.js';
import { clip } from './pairs-reader.js';
import { digestManifestFile } from './source.js';
import { readTextRows, rejectRow, type TextRow } from './text-rows.js';
import type { ManifestEntry, ReadManifestOptions } from './types.js';

/**
 * Read an S3 Inventory report (`S3InventoryReport_CSV_20161130` or `_20211130`): follow
 * `manifest.json` to its gzipped CSV data files, check each file's MD5 before reading it, and
 * yield one entry per object with the facts the schema carries. Delete markers are skipped:
 * there is no object to work on.
 */
export async function* readInventoryManifestEntries(
  location: string,
  options: ReadManifestOptions = {},
): AsyncGenerator<ManifestEntry> {
  const { manifest, columns } = await readInventoryManifest(location, options);
  const files = await resolveInventoryFiles(location, manifest, options.inventoryFiles);
  for (const file of files) {
    if (options.verifyChecksums !== false) await verifyMd5(file, options);
    // Data files have no header, and an empty one is a bucket with no objects in it.
    const rows = readTextRows(file.location, { ...options, range: { start: 0 }, header: false });
    for await (const row of rows) {
      const entry = inventoryEntry(row, columns, file.index);
      if (entry instanceof ManifestError) rejectRow(entry, options);
      else if (entry) yield entry;
    }
  }
}

async function verifyMd5(file: InventoryDataFile, options: ReadManifestOptions): Promise<void> {
  if (!file.md5) return;
  const actual = await digestManifestFile(file.location, options);
  if (actual !== file.md5) {
    throw new ManifestError(
      `MD5 of the data file is ${actual}, but manifest.json says ${file.md5} (files[${file.index}].MD5checksum); the file is corrupt or was replaced`,
      { source: file.location },
      'MD5checksum',
      { code: 'ManifestChecksumMismatch' },
    );
  }
}

/** One inventory row as an entry; undefined for a delete marker. */
function inventoryEntry(
  row: TextRow,
  columns: readonly string[],
  file: number,
): ManifestEntry | ManifestError | undefined {
  const location = { source: row.source, line: row.line, offset: row.offset, file };
  const fail = (field: string, problem: string) => new ManifestError(problem, location, field);
  if (row.fields.length < columns.length) {
    return fail(
      columns[row.fields.length] ?? 'column',
      `missing column: fileSchema has ${columns.length} columns, row has ${row.fields.length}`,
    );
  }
  if (row.fields.length > columns.length) {
    return fail(
      `column ${columns.length + 1}`,
      `extra columns: fileSchema has ${columns.length} columns, row has ${row.fields.length}`,
    );
  }
  const value = (name: string): string | undefined => {
    const index = columns.indexOf(name);
    const text = index === -1 ? undefined : row.fields[index];
    return text === '' ? undefined : text;
  };
  if (value('IsDeleteMarker') === 'true') return undefined;
  const bucket = value('Bucket') ?? '';
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) return fail('Bucket', clip(bucketProblem, 200));
  const decoded = decodeManifestKey(value('Key') ?? '');
  if (!decoded.ok) return fail('Key', decoded.problem);
  const problem = keyProblem(decoded.value);
  if (problem) return fail('Key', problem);

  const facts: { -readonly [K in keyof ObjectFacts]: ObjectFacts[K] } = {};
  const size = value('Size');
  if (size !== undefined) {
    if (!/^\d+$/.test(size)) return fail('Size', `"${clip(size)}" is not a size in bytes`);
    facts.size = Number(size);
  }
  const modified = value('LastModifiedDate');
  if (modified !== undefined) {
    const date = new Date(modified);
    if (Number.isNaN(date.getTime()))
      return fail('LastModifiedDate', `"${clip(modified)}" is not a date`);
    facts.lastModified = date;
  }
  const etag = value('ETag');
  if (etag !== undefined) facts.etag = etag;
  const storageClass = value('StorageClass');
  if (storageClass !== undefined) facts.storageClass = storageClass;
  const versionId = value('VersionId');
  return {
    kind: 'object',
    object: { bucket, key: decoded.value, ...(versionId ? { versionId } : {}) },
    ...(Object.keys(facts).length > 0 ? { facts } : {}),
    location,
  };
}
