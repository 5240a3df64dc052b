import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { parse } from 'fast-csv';
import { ConfigError, S3BulkError } from '../errors.js';
import { isS3Url, parseS3Url } from '../s3/url.js';
import { parseReportRow } from './report-csv.js';
import { localPathIn } from './report-location.js';
import {
  REPORT_FORMAT,
  type CompletionReport,
  type ReadReportOptions,
  type ReportManifest,
  type ReportManifestEntry,
  type ReportRecord,
} from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/**
 * Read a completion report back: `location` is its `manifest.json` or the `job-<id>` folder
 * holding it (local or `s3://`). Rows are streamed, and each results file's MD5 is checked
 * against the manifest once the file has been read.
 */
export async function readCompletionReport(
  location: string,
  options: ReadReportOptions = {},
): Promise<CompletionReport> {
  const manifestAt = location.endsWith('.json')
    ? location
    : `${location.replace(/\/+$/, '')}/manifest.json`;
  const manifest = parseManifest(await readText(manifestAt, options.s3), manifestAt);
  // Local reports list files relative to the `--report` folder, two levels above manifest.json.
  const root = isS3Url(manifestAt) ? undefined : dirname(dirname(manifestAt));
  return {
    location: manifestAt,
    manifest,
    rows: () => readRows(manifest, root, options.s3),
  };
}

async function* readRows(
  manifest: ReportManifest,
  localRoot: string | undefined,
  s3: S3Client | undefined,
): AsyncIterable<ReportRecord> {
  for (const entry of manifest.Results) {
    const where = localRoot === undefined ? `s3://${entry.Bucket}/${entry.Key}` : entry.Key;
    const input = await openResults(entry, localRoot, s3, where);
    const md5 = createHash('md5');
    input.on('data', (chunk: Buffer) => md5.update(chunk));
    const rows = input.pipe(parse<string[], string[]>({ headers: false }));
    // pipe() does not forward a read error: without this the rows would never end.
    input.once('error', (error) => rows.destroy(error));
    for await (const fields of rows) {
      yield parseReportRow(fields as string[], where);
    }
    const actual = md5.digest('hex');
    if (actual !== entry.MD5Checksum) {
      throw new S3BulkError(
        `${where}: MD5 ${actual} does not match ${entry.MD5Checksum} in the report manifest`,
        'ReportChecksumMismatch',
      );
    }
  }
}

async function openResults(
  entry: ReportManifestEntry,
  localRoot: string | undefined,
  s3: S3Client | undefined,
  where: string,
): Promise<Readable> {
  if (localRoot !== undefined) {
    try {
      return (await open(localPathIn(localRoot, entry.Key), 'r')).createReadStream();
    } catch (error) {
      if (error instanceof S3BulkError) throw error;
      throw new S3BulkError(
        `${where}: cannot read a results file the report manifest names: ${(error as Error).message}`,
        'ReportFileMissing',
        { cause: error },
      );
    }
  }
  const { GetObjectCommand } = await loadSdk('s3');
  const res = await requireS3(s3).send(
    new GetObjectCommand({ Bucket: entry.Bucket, Key: entry.Key }),
  );
  return res.Body as Readable;
}

async function readText(location: string, s3: S3Client | undefined): Promise<string> {
  try {
    if (!isS3Url(location)) return await readFile(location, 'utf8');
    const { bucket, key } = parseS3Url(location);
    const { GetObjectCommand } = await loadSdk('s3');
    const res = await requireS3(s3).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await res.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    if (error instanceof S3BulkError) throw error;
    throw new S3BulkError(
      `cannot read report ${location}: ${(error as Error).message}`,
      'ReportNotFound',
      {
        cause: error,
      },
    );
  }
}

function parseManifest(text: string, where: string): ReportManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new S3BulkError(`${where} is not JSON`, 'InvalidReport', { cause: error });
  }
  const manifest = value as Partial<ReportManifest>;
  if (manifest.Format !== REPORT_FORMAT || !Array.isArray(manifest.Results)) {
    throw new S3BulkError(`${where} is not a ${REPORT_FORMAT} manifest`, 'InvalidReport');
  }
  for (const entry of manifest.Results) {
    const ok =
      (entry.TaskExecutionStatus === 'succeeded' || entry.TaskExecutionStatus === 'failed') &&
      typeof entry.Key === 'string' &&
      typeof entry.Bucket === 'string' &&
      typeof entry.MD5Checksum === 'string';
    if (!ok) throw new S3BulkError(`${where}: a Results entry is malformed`, 'InvalidReport');
  }
  return manifest as ReportManifest;
}

function requireS3(s3: S3Client | undefined): S3Client {
  if (!s3) throw new ConfigError('an S3 client is needed to read a report from S3');
  return s3;
}
