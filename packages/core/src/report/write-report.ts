import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { PRIVATE_DIR_MODE, syncDirectory, writeFileAtomic } from '../store/atomic-file.js';
import { crashPoint } from '../store/crash-points.js';
import { assertJobId } from '../engine/job-id.js';
import { formatReportRow } from './report-csv.js';
import { manifestLocation, reportTarget, type ReportTarget } from './report-location.js';
import { ResultsFile } from './results-file.js';
import {
  REPORT_FORMAT,
  REPORT_SCHEMA,
  type ReportManifest,
  type ReportManifestEntry,
  type ReportRow,
  type WriteReportOptions,
} from './types.js';
import { loadSdk } from '../config/load-sdk.js';

const STATUSES = ['succeeded', 'failed'] as const;

/**
 * The name of a job's results file for one status: UUID-shaped like S3 Batch Operations' names,
 * but derived from the job id, so two writers of one report (two AWS Batch shards finishing
 * together, a report written again) replace the same objects instead of leaving extra files.
 */
export function resultsFileId(jobId: string, status: 'succeeded' | 'failed'): string {
  const hex = createHash('sha256').update(`s3bulk-report\0${jobId}\0${status}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Write a completion report as S3 Batch Operations does: `job-<id>/results/<uuid>.csv` (one file
 * for succeeded tasks, one for failed ones) and then `job-<id>/manifest.json` listing them with
 * their MD5s. The manifest is written last, so a present `manifest.json` means a complete
 * report. Returns the location of `manifest.json`.
 */
export async function writeCompletionReport(
  records: AsyncIterable<ReportRow>,
  options: WriteReportOptions,
): Promise<string> {
  const target = reportTarget(options.location, assertJobId(options.jobId));
  if (target.kind === 's3' && !options.s3) {
    throw new ConfigError(`an S3 client is needed to write a report to ${options.location}`);
  }
  const staging =
    target.kind === 'local'
      ? await privateDirs(join(target.root, target.jobPrefix), 'results')
      : await mkdtemp(join(tmpdir(), 's3bulk-report-'));
  const files = new Map<'succeeded' | 'failed', { id: string; file: ResultsFile }>();
  try {
    for await (const record of records) {
      if (options.scope === 'FailedTasksOnly' && record.status !== 'failed') continue;
      let entry = files.get(record.status);
      if (!entry) {
        const id = resultsFileId(options.jobId, record.status);
        // The staged name is this writer's own; the published one is the job's.
        const staged = join(staging, `.${id}.csv.${randomUUID().slice(0, 8)}.tmp`);
        entry = { id, file: new ResultsFile(staged) };
        files.set(record.status, entry);
      }
      await entry.file.write(formatReportRow(record));
    }
    const results: ReportManifestEntry[] = [];
    for (const status of STATUSES) {
      const entry = files.get(status);
      if (!entry) continue;
      const md5 = await entry.file.close();
      const key = `${target.jobPrefix}results/${entry.id}.csv`;
      results.push({
        TaskExecutionStatus: status,
        Bucket: target.kind === 's3' ? target.bucket : '',
        MD5Checksum: md5,
        Key: key,
      });
    }
    const manifest: ReportManifest = {
      Format: REPORT_FORMAT,
      ReportCreationDate: (options.now ?? new Date()).toISOString(),
      Results: results,
      ReportSchema: REPORT_SCHEMA,
    };
    const body = `${JSON.stringify(manifest, null, 2)}\n`;
    crashPoint('report.staged');
    if (target.kind === 'local') await publishLocal(target, staging, files, body);
    else await publishS3(target, files, body, options);
    return manifestLocation(target);
  } finally {
    for (const { file } of files.values()) await file.abandon();
    // Staged files left behind by a failure are never listed by a manifest: remove them.
    if (target.kind === 's3') await rm(staging, { recursive: true, force: true });
    else for (const { file } of files.values()) await rm(file.path, { force: true });
  }
}

type StagedFiles = Map<'succeeded' | 'failed', { id: string; file: ResultsFile }>;

async function publishLocal(
  target: ReportTarget & { kind: 'local' },
  resultsDir: string,
  files: StagedFiles,
  manifestBody: string,
): Promise<void> {
  const keep = new Set<string>();
  for (const { id, file } of files.values()) {
    await rename(file.path, join(resultsDir, `${id}.csv`));
    keep.add(`${id}.csv`);
    crashPoint('report.local.results.renamed');
  }
  await syncDirectory(resultsDir);
  await writeFileAtomic(join(target.root, target.jobPrefix, 'manifest.json'), manifestBody, {
    onStaged: () => crashPoint('report.local.manifest.staged'),
  });
  crashPoint('report.local.manifest.written');
  // An earlier run of the same job (cancelled, failed, resumed) may have left results files that
  // the new manifest does not list: remove them so the folder holds one report.
  for (const name of await readdir(resultsDir)) {
    if (!keep.has(name) && /^\.?[0-9a-f-]{36}\.csv(\.[0-9a-f]{8})?(\.tmp)?$/.test(name)) {
      await rm(join(resultsDir, name), { force: true });
    }
  }
}

async function publishS3(
  target: ReportTarget & { kind: 's3' },
  files: StagedFiles,
  manifestBody: string,
  options: WriteReportOptions,
): Promise<void> {
  const s3 = options.s3;
  if (!s3) throw new ConfigError('an S3 client is needed to write a report to S3');
  const owner = options.expectedBucketOwner
    ? { ExpectedBucketOwner: options.expectedBucketOwner }
    : {};
  const [{ Upload }, { PutObjectCommand }] = await Promise.all([
    loadSdk('lib-storage'),
    loadSdk('s3'),
  ]);
  for (const { id, file } of files.values()) {
    // lib-storage uploads in parts past 5 MiB; a failed upload is aborted, never left half-done.
    await new Upload({
      client: s3,
      params: {
        Bucket: target.bucket,
        Key: `${target.jobPrefix}results/${id}.csv`,
        Body: createReadStream(file.path),
        ContentType: 'text/csv',
        ...owner,
      },
    }).done();
    crashPoint('report.s3.results.uploaded');
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: `${target.jobPrefix}manifest.json`,
      Body: manifestBody,
      ContentType: 'application/json',
      ...owner,
    }),
  );
  crashPoint('report.s3.manifest.written');
}

/** `jobDir/child`, both readable by the user only (mkdir's mode is filtered by the umask). */
async function privateDirs(jobDir: string, child: string): Promise<string> {
  const path = join(jobDir, child);
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(jobDir, PRIVATE_DIR_MODE);
  await chmod(path, PRIVATE_DIR_MODE);
  return path;
}
