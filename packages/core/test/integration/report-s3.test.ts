import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { readCompletionReport } from '../../src/report/read-report.js';
import type { ReportRecord } from '../../src/report/types.js';
import { writeCompletionReport } from '../../src/report/write-report.js';
import { collect } from './engine-fixtures.js';

const emulator = useEmulator();

async function* manyRecords(count: number, failEvery = 0): AsyncIterable<ReportRecord> {
  for (let i = 0; i < count; i++) {
    const failed = failEvery > 0 && i % failEvery === 0;
    yield failed
      ? {
          bucket: 'src',
          key: `dir/ä ${i}.bin`,
          status: 'failed',
          httpStatus: 403,
          errorCode: 'AccessDenied',
          message: 'Access Denied, "quoted"',
        }
      : {
          bucket: 'src',
          key: `dir/ä ${i}.bin`,
          versionId: `v${i}`,
          status: 'succeeded',
          httpStatus: 200,
          message: `Successful ${'x'.repeat(60)}`,
        };
  }
}

describe('report: completion report in S3', () => {
  it('leaves one report when two writers write it at once (two shards finishing together)', async () => {
    // Prepare
    const bucket = await emulator.createBucket('report-twice');
    const options = { location: `s3://${bucket}/r`, jobId: 'job-twice', s3: emulator.s3 };

    // Act
    const [first, second] = await Promise.all([
      writeCompletionReport(manyRecords(2_000, 5), options),
      writeCompletionReport(manyRecords(2_000, 5), options),
    ]);
    const report = await readCompletionReport(first, { s3: emulator.s3 });
    const rows = await collect(report.rows());

    // Assess: the same two results files, whose MD5s the manifest states, and nothing else
    expect(second).toBe(first);
    expect((await emulator.listKeys(bucket)).sort()).toEqual(
      [...report.manifest.Results.map((r) => r.Key), 'r/job-job-twice/manifest.json'].sort(),
    );
    expect(report.manifest.Results).toHaveLength(2);
    expect(rows).toHaveLength(2_000);
  });

  it('uploads results files (multipart when large) and then manifest.json, and reads them back', async () => {
    // Prepare
    const bucket = await emulator.createBucket('report-s3');
    const count = 70_000;

    // Act
    const at = await writeCompletionReport(manyRecords(count, 7), {
      location: `s3://${bucket}/reports/nightly`,
      jobId: 'job-big',
      s3: emulator.s3,
    });
    const report = await readCompletionReport(at, { s3: emulator.s3 });
    const rows = await collect(report.rows());
    const succeededFile = report.manifest.Results.find(
      (r) => r.TaskExecutionStatus === 'succeeded',
    );
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: succeededFile?.Key ?? '' }),
    );

    // Assess
    expect(at).toBe(`s3://${bucket}/reports/nightly/job-job-big/manifest.json`);
    expect(report.manifest.Results.map((r) => [r.TaskExecutionStatus, r.Bucket])).toEqual([
      ['succeeded', bucket],
      ['failed', bucket],
    ]);
    expect(head.ContentLength ?? 0).toBeGreaterThan(5 * 1024 * 1024);
    expect(head.ETag).toMatch(/-\d+"$/);
    expect(rows).toHaveLength(count);
    expect(rows.filter((r) => r.status === 'failed')).toHaveLength(Math.ceil(count / 7));
    expect(rows[0]).toEqual({
      bucket: 'src',
      key: 'dir/ä 1.bin',
      versionId: 'v1',
      status: 'succeeded',
      httpStatus: 200,
      message: `Successful ${'x'.repeat(60)}`,
    });
    expect((await emulator.listKeys(bucket)).sort()).toEqual(
      [
        ...report.manifest.Results.map((r) => r.Key),
        'reports/nightly/job-job-big/manifest.json',
      ].sort(),
    );
  });

  it('uploads nothing, and no manifest.json, when the rows fail midway', async () => {
    // Prepare
    const bucket = await emulator.createBucket('report-s3');
    async function* failing(): AsyncIterable<ReportRecord> {
      yield* manyRecords(10);
      throw new Error('ledger unreadable');
    }

    // Act
    const writing = writeCompletionReport(failing(), {
      location: `s3://${bucket}/r/`,
      jobId: 'j1',
      s3: emulator.s3,
    });

    // Assess
    await expect(writing).rejects.toThrow('ledger unreadable');
    expect(await emulator.listKeys(bucket)).toEqual([]);
  });

  it('writes a report with no results files for a job without tasks', async () => {
    // Prepare
    const bucket = await emulator.createBucket('report-s3');

    // Act
    const at = await writeCompletionReport(manyRecords(0), {
      location: `s3://${bucket}`,
      jobId: 'empty',
      s3: emulator.s3,
    });
    const report = await readCompletionReport(`s3://${bucket}/job-empty/`, { s3: emulator.s3 });

    // Assess
    expect(at).toBe(`s3://${bucket}/job-empty/manifest.json`);
    expect(report.manifest.Results).toEqual([]);
    expect(await collect(report.rows())).toEqual([]);
  });
});
