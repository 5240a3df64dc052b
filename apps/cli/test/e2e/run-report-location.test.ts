import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { onlyJobId, reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

const TAG = '{"S3PutObjectTagging":{"TagSet":[{"Key":"k","Value":"v"}]}}';

describe('s3bulk run: the report location', () => {
  const emulator = useEmulator();

  it('is checked before any task runs: a missing bucket is exit 2 naming the report location', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('report-check');
    await emulator.putObjects(bucket, { 'a.txt': 'a' });
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},a.txt\n`);
    const report = 's3://s3bulk-no-such-report-bucket/x';

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        TAG,
        '--report',
        report,
        '--job-dir',
        join(dir, 'jobs'),
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(2);
    // oclif wraps and highlights the message: compare it as one line of plain text.
    const said = stripVTControlCharacters(result.stderr)
      .replace(/\s*›\s*/g, ' ')
      .replace(/\s+/g, ' ');
    expect(said).toContain(
      `report location ${report}: bucket s3bulk-no-such-report-bucket does not exist`,
    );
    expect(existsSync(join(dir, 'jobs'))).toBe(false);
    const tags = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'a.txt' }),
    );
    expect(tags.TagSet).toEqual([]);
  });

  it('may change on --resume (where the report goes is not what the job does)', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('report-resume');
    await emulator.putObjects(bucket, { 'a.txt': 'a', 'b.txt': 'b' });
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},a.txt\n${bucket},b.txt\n`);
    const jobs = join(dir, 'jobs');
    const first = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        TAG,
        '--report',
        join(dir, 'r1'),
        '--job-dir',
        jobs,
      ],
      emulator.processEnv(),
    );
    const jobId = await onlyJobId(jobs);

    // Act
    const again = await runCli(
      [
        'run',
        '--resume',
        jobId,
        '--report',
        join(dir, 'r2'),
        '--report-scope',
        'FailedTasksOnly',
        '--job-dir',
        jobs,
      ],
      emulator.processEnv(),
    );
    const resumedAgain = await runCli(
      ['run', '--resume', jobId, '--job-dir', jobs],
      emulator.processEnv(),
    );

    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(again.code, again.stderr).toBe(0);
    expect(resumedAgain.code, resumedAgain.stderr).toBe(0);
    expect(await reportRows(join(dir, 'r1', `job-${jobId}`, 'manifest.json'))).toHaveLength(2);
    // The new location and scope stay with the job: a later resume writes there too.
    expect(await reportRows(join(dir, 'r2', `job-${jobId}`, 'manifest.json'))).toHaveLength(0);
  });
});
