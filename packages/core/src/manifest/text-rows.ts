import { ManifestError } from '../errors.js';
import { splitCsvLine } from './csv-row.js';
import { readLines } from './lines.js';
import { openManifestBytes } from './source.js';
import type { ReadManifestOptions } from './types.js';

/** One CSV row of a text manifest, with where it is. */
export interface TextRow {
  readonly source: string;
  readonly fields: readonly string[];
  readonly line: number;
  readonly offset: number;
}

/** Hand a bad row to `onInvalid`, or throw it when the caller wants the first problem to stop the read. */
export function rejectRow(error: ManifestError, options: ReadManifestOptions): void {
  if (!options.onInvalid) throw error;
  options.onInvalid(error);
}

/**
 * The CSV rows of a pairs or csv manifest, streamed: blank lines are skipped, lines that are not
 * text or not CSV are rejected, and a whole file with no data rows is an error (a range with no
 * rows is not: it is an empty shard).
 */
export async function* readTextRows(
  location: string,
  options: ReadManifestOptions & { readonly header?: boolean | undefined },
): AsyncGenerator<TextRow> {
  const bytes = await openManifestBytes(location, options);
  const ranged = options.range !== undefined;
  let sawHeader = false;
  let dataRows = 0;
  for await (const line of readLines(bytes.chunks, {
    firstByteOffset: bytes.firstByteOffset,
    skipFirstLine: bytes.skipFirstLine,
    end: options.range?.end,
    maxLineBytes: options.maxLineBytes,
  })) {
    options.signal?.throwIfAborted();
    const where = { source: location, line: line.line };
    if (line.text === undefined) {
      dataRows += 1;
      rejectRow(new ManifestError(line.problem ?? 'unreadable line', where, 'line'), options);
      continue;
    }
    if (line.text.trim() === '') continue;
    if (options.header && line.offset === 0) {
      sawHeader = true;
      continue;
    }
    dataRows += 1;
    const row = splitCsvLine(line.text);
    if (!row.ok) {
      rejectRow(new ManifestError(row.problem, where, `column ${row.column}`), options);
      continue;
    }
    yield { source: location, fields: row.fields, line: line.line, offset: line.offset };
  }
  if (!ranged && dataRows === 0) {
    const problem = sawHeader ? 'manifest has a header row but no data rows' : 'manifest is empty';
    throw new ManifestError(problem, { source: location }, undefined, { code: 'ManifestEmpty' });
  }
}
