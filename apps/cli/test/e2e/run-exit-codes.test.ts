import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

function copyTo(bucket: string): string {
  return JSON.stringify({ S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}` } });
}

describe('s3bulk run: exit codes', () => {
  const emulator = useEmulator();

  it('exits 3 when the job finishes with a failed task, and reports it', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('exit-three');
    const target = await emulator.createBucket('exit-three-dst');
    await emulator.putObjects(bucket, { 'here.txt': 'x' });
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},here.txt\n${bucket},missing.txt\n`);

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        copyTo(target),
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = JSON.parse(result.stdout) as {
      status: string;
      succeeded: number;
      failed: number;
      reportPath: string;
    };
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 1, failed: 1 });
    const failed = (await reportRows(summary.reportPath)).filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      key: 'missing.txt',
      errorCode: 'NoSuchKey',
      httpStatus: 404,
    });
  });

  it('exits 4 when the job fails: at least 1,000 tasks ran and more than half failed', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('exit-four');
    const target = await emulator.createBucket('exit-four-dst');
    const dir = await tempDir();
    const rows = Array.from({ length: 1010 }, (_, i) => `${bucket},missing/${i}.txt\n`).join('');
    const manifest = await writeText(dir, 'm.csv', rows);

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        copyTo(target),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(4);
    const summary = JSON.parse(result.stdout) as {
      status: string;
      failed: number;
      failureReason?: string;
    };
    expect(summary.status).toBe('Failed');
    expect(summary.failed).toBeGreaterThanOrEqual(1000);
    expect(summary.failureReason).toBeDefined();
  });

  it.each([
    ['50', 4, 'Failed'],
    ['100', 3, 'Complete'],
  ])(
    'with --failure-threshold-tasks 10 and --failure-threshold-percent %s, 20 of 30 failed exits %i',
    async (percent, code, status) => {
      requireBuiltCli();
      // Prepare
      const bucket = await emulator.createBucket('exit-threshold');
      const target = await emulator.createBucket('exit-threshold-dst');
      await emulator.putObjects(
        bucket,
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`there/${i}.txt`, 'x'])),
      );
      const dir = await tempDir();
      const rows = [
        ...Array.from({ length: 10 }, (_, i) => `${bucket},there/${i}.txt\n`),
        ...Array.from({ length: 20 }, (_, i) => `${bucket},missing/${i}.txt\n`),
      ].join('');
      const manifest = await writeText(dir, 'm.csv', rows);

      // Act
      const result = await runCli(
        [
          'run',
          '--manifest',
          manifest,
          '--operation',
          copyTo(target),
          '--concurrency',
          '1',
          '--failure-threshold-tasks',
          '10',
          '--failure-threshold-percent',
          percent,
          '--job-dir',
          join(dir, 'jobs'),
          '--json',
        ],
        emulator.processEnv(),
      );

      // Assess
      expect(result.code, result.stderr).toBe(code);
      expect(JSON.parse(result.stdout)).toMatchObject({ status });
    },
  );

  it('exits 2 before the job starts when no AWS region can be found, and writes nothing', async () => {
    requireBuiltCli();
    // Prepare: no region in flags, environment or (an empty) config file.
    const bucket = await emulator.createBucket('exit-region');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},a.txt\n`);
    const config = await writeText(dir, 'config', '');
    const env = emulator.processEnv({ AWS_CONFIG_FILE: config });
    delete env.AWS_REGION;
    delete env.AWS_DEFAULT_REGION;

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        copyTo(bucket),
        '--job-dir',
        join(dir, 'jobs'),
      ],
      env,
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no AWS region: pass --region, set AWS_REGION/);
    expect(existsSync(join(dir, 'jobs'))).toBe(false);
  });

  it('exits 2 with file:line for a bad manifest row, and writes nothing', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('exit-two');
    await emulator.putObjects(bucket, { 'a.txt': 'x' });
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'bad.csv',
      `${bucket},a.txt\n${bucket},a.txt\nBAD_BUCKET!,key\n`,
    );

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--format',
        'csv',
        '--operation',
        copyTo(bucket),
        '--job-dir',
        join(dir, 'jobs'),
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${manifest}:3`);
    expect(existsSync(join(dir, 'jobs'))).toBe(false);
  });

  it.each([
    ['not JSON', '{"S3PutObjectCopy": ', /--operation is not valid JSON/],
    ['an unknown operation', '{"S3PutObjectShred": {}}', /S3PutObjectShred/],
    [
      'a bad field',
      '{"S3PutObjectCopy": {"TargetResource": "arn:aws:s3:::b-1", "StorageClass": "FAST"}}',
      /S3PutObjectCopy\.StorageClass/,
    ],
  ])('exits 2 naming the field for operation JSON that is %s', async (_, operation, message) => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('exit-op');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},a.txt\n`);

    // Act
    const result = await runCli(
      ['run', '--manifest', manifest, '--operation', operation, '--job-dir', join(dir, 'jobs')],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(join(dir, 'jobs'))).toBe(false);
  });

  it('exits 2 when a csv manifest comes without an operation', async () => {
    requireBuiltCli();
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', 'some-bucket,a.txt\n');

    const result = await runCli(['run', '--manifest', manifest], emulator.processEnv(), dir);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Missing --operation/);
  });
});
