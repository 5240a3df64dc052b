import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatS3Url } from '../s3/url.js';
import { writeFileAtomic } from '../store/atomic-file.js';
import type { ObjectRef } from '../types.js';
import { csvField } from './report-csv.js';
import type { CompletionReport, ReportRecord } from './types.js';

/**
 * Where a copy task put its object, read from its ResultMessage: every copy path says
 * `... to s3://bucket/key (<size> bytes, etag <etag>)`, sync copies add `; <reason>`.
 */
const COPIED_TO =
  /^(?:copied|multipart copy|streamed(?: in \d+ parts)?) to s3:\/\/([^/\s]+)\/(.*?)(?:, \d+ parts)? \((?:\d+ bytes, )?etag [^)]*\)(?:; .*)?$/s;

/** The destination a succeeded copy row names, or undefined for any other row (deletes, failures). */
export function copiedTo(record: ReportRecord): ObjectRef | undefined {
  if (record.status !== 'succeeded') return undefined;
  const match = COPIED_TO.exec(record.message);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { bucket: match[1], key: match[2] };
}

export interface ReportPairs {
  /** Rows written: one per succeeded copy. */
  readonly rows: number;
  /** Report rows that named no copy (deletes, failed tasks). */
  readonly skipped: number;
}

/**
 * Turn a copy job's completion report into a pairs manifest (`source,destination` with a header)
 * at `path`, so `S3BulkVerify` checks exactly what the job copied. Written once, atomically: a
 * resumed verify reads the same rows.
 */
export async function writePairsFromReport(
  report: CompletionReport,
  path: string,
): Promise<ReportPairs> {
  const lines = ['source,destination'];
  let skipped = 0;
  for await (const record of report.rows()) {
    const destination = copiedTo(record);
    if (!destination || record.versionId) {
      skipped += 1;
      continue;
    }
    lines.push(
      `${csvField(formatS3Url(record.bucket, record.key))},${csvField(formatS3Url(destination.bucket, destination.key))}`,
    );
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${lines.join('\n')}\n`);
  return { rows: lines.length - 1, skipped };
}
