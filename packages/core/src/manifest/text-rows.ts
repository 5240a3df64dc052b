import { ManifestError } from '../errors.js';
import { splitCsvLine } from './csv-row.js';
import { readLineBatches, type ManifestLine } from './lines.js';
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
  for await (const rows of readTextRowBatches(location, options)) {
    for (const row of rows) {
      if (row instanceof ManifestError) rejectRow(row, options);
      else yield row;
    }
  }
}

/**
 * `readTextRows`, a batch at a time (see `readLineBatches`: read each to its end first), bad
 * rows in their place for the reader to reject, so problems come in line order whichever step
 * finds them.
 */
export async function* readTextRowBatches(
  location: string,
  options: ReadManifestOptions & { readonly header?: boolean | undefined },
): AsyncGenerator<Iterable<TextRow | ManifestError>> {
  const bytes = await openManifestBytes(location, options);
  const ranged = options.range !== undefined;
  let sawHeader = false;
  let dataRows = 0;
  // A batch's rows, made as they are asked for.
  function* rowsOf(lines: Iterable<ManifestLine>): Generator<TextRow | ManifestError> {
    for (const line of lines) {
      if (line.text === undefined) {
        dataRows += 1;
        yield new ManifestError(
          line.problem ?? 'unreadable line',
          { source: location, line: line.line },
          'line',
        );
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
        yield new ManifestError(
          row.problem,
          { source: location, line: line.line },
          `column ${row.column}`,
        );
        continue;
      }
      yield { source: location, fields: row.fields, line: line.line, offset: line.offset };
    }
  }
  for await (const lines of readLineBatches(bytes.chunks, {
    firstByteOffset: bytes.firstByteOffset,
    skipFirstLine: bytes.skipFirstLine,
    end: options.range?.end,
    maxLineBytes: options.maxLineBytes,
  })) {
    options.signal?.throwIfAborted();
    yield rowsOf(lines);
  }
  if (!ranged && dataRows === 0) {
    const problem = sawHeader ? 'manifest has a header row but no data rows' : 'manifest is empty';
    throw new ManifestError(problem, { source: location }, undefined, { code: 'ManifestEmpty' });
  }
}
