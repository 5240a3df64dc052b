import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCompletionReport } from './read-report.js';
import type { ReportRecord } from './types.js';
import { writeCompletionReport } from './write-report.js';

async function* recordsOf(records: ReportRecord[]): AsyncIterable<ReportRecord> {
  yield* records;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const records: ReportRecord[] = [
  { bucket: 'src', key: 'a.txt', status: 'succeeded', httpStatus: 200, message: 'Successful' },
  {
    bucket: 'src',
    key: 'dir/b c.txt',
    versionId: 'v2',
    status: 'failed',
    httpStatus: 404,
    errorCode: 'NoSuchKey',
    message: 'Not Found',
  },
  {
    bucket: 'src',
    key: '../../etc/passwd',
    status: 'succeeded',
    httpStatus: 200,
    message: 'Successful',
  },
];

describe('report: local completion report', () => {
  it.each([
    { scope: 'AllTasks' as const, files: ['succeeded', 'failed'], rows: 3 },
    { scope: 'FailedTasksOnly' as const, files: ['failed'], rows: 1 },
  ])(
    'writes $scope as manifest.json plus one results file per status',
    async ({ scope, files, rows }) => {
      // Prepare
      const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));

      // Act
      const at = await writeCompletionReport(recordsOf(records), {
        location: root,
        jobId: 'j1',
        scope,
        now: new Date('2026-01-02T03:04:05.678Z'),
      });
      const report = await readCompletionReport(at);
      const back = await collect(report.rows());

      // Assess
      expect(at).toBe(join(root, 'job-j1', 'manifest.json'));
      expect(report.manifest.Format).toBe('Report_CSV_20180820');
      expect(report.manifest.ReportCreationDate).toBe('2026-01-02T03:04:05.678Z');
      expect(report.manifest.ReportSchema).toBe(
        'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
      );
      expect(report.manifest.Results.map((r) => r.TaskExecutionStatus)).toEqual(files);
      for (const entry of report.manifest.Results) {
        expect(entry.Key).toMatch(/^job-j1\/results\/[0-9a-f-]{36}\.csv$/);
        expect(entry.MD5Checksum).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(back).toHaveLength(rows);
      expect(back).toEqual(
        expect.arrayContaining(
          records.filter((r) => scope === 'AllTasks' || r.status === 'failed'),
        ),
      );
      expect(await readdir(root)).toEqual(['job-j1']);
      expect((await stat(join(root, 'job-j1'))).mode & 0o777).toBe(0o700);
      expect((await stat(at)).mode & 0o777).toBe(0o600);
    },
  );

  it('replaces an earlier report of the same job, leaving no stale results file', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));
    await writeCompletionReport(recordsOf(records.slice(0, 1)), { location: root, jobId: 'j2' });

    // Act
    await writeCompletionReport(recordsOf(records), { location: root, jobId: 'j2' });
    const report = await readCompletionReport(join(root, 'job-j2'));

    // Assess
    const listed = report.manifest.Results.map((r) => r.Key.split('/').pop()).sort();
    expect((await readdir(join(root, 'job-j2', 'results'))).sort()).toEqual(listed);
    expect(await collect(report.rows())).toHaveLength(3);
  });

  it('detects a results file that does not match its MD5', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));
    const at = await writeCompletionReport(recordsOf(records), { location: root, jobId: 'j3' });
    const report = await readCompletionReport(at);
    const first = report.manifest.Results[0];
    if (!first) throw new Error('no results');
    const path = join(root, first.Key);
    await writeFile(path, (await readFile(path, 'utf8')).replace('src', 'dst'));

    // Act
    const reading = collect(report.rows());

    // Assess
    await expect(reading).rejects.toMatchObject({ code: 'ReportChecksumMismatch' });
  });

  it('refuses a manifest.json whose results point outside the report folder', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));
    const at = await writeCompletionReport(recordsOf(records), { location: root, jobId: 'j4' });
    const manifest = JSON.parse(await readFile(at, 'utf8'));
    manifest.Results[0].Key = '../../../etc/passwd';
    await writeFile(at, JSON.stringify(manifest));

    // Act
    const reading = collect((await readCompletionReport(at)).rows());

    // Assess
    await expect(reading).rejects.toMatchObject({ code: 'InvalidReport' });
  });
});

describe('report: crash safety of a local report', () => {
  it('leaves an earlier complete report untouched when writing a new one fails midway', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));
    const at = await writeCompletionReport(recordsOf(records), { location: root, jobId: 'j5' });
    const before = await readFile(at, 'utf8');
    async function* failing(): AsyncIterable<ReportRecord> {
      yield* records;
      throw new Error('disk gone');
    }

    // Act
    const writing = writeCompletionReport(failing(), { location: root, jobId: 'j5' });

    // Assess
    await expect(writing).rejects.toThrow('disk gone');
    expect(await readFile(at, 'utf8')).toBe(before);
    expect(await collect((await readCompletionReport(at)).rows())).toHaveLength(3);
    expect((await readdir(join(root, 'job-j5', 'results'))).sort()).toEqual(
      (await readCompletionReport(at)).manifest.Results.map((r) => r.Key.split('/').pop()).sort(),
    );
  });

  it('writes no manifest.json at all when the first report fails midway', async () => {
    // Prepare
    const root = await mkdtemp(join(tmpdir(), 's3bulk-report-'));
    async function* failing(): AsyncIterable<ReportRecord> {
      yield* records;
      throw new Error('disk gone');
    }

    // Act
    const writing = writeCompletionReport(failing(), { location: root, jobId: 'j6' });

    // Assess
    await expect(writing).rejects.toThrow('disk gone');
    expect(await readdir(join(root, 'job-j6'))).toEqual(['results']);
    expect(await readdir(join(root, 'job-j6', 'results'))).toEqual([]);
  });
});
