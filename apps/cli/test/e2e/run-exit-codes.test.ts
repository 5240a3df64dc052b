import { existsSync } from 'node:fs';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyTo, jobSummary, jobsIn, runArgs, runJob, seedBucket } from './cli-job.js';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

describe('s3bulk run: exit codes', () => {
  const emulator = useEmulator();

  it('exits 3 when the job finishes with a failed task, and reports it', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'exit-three', { 'here.txt': 'x' });
    const target = await seedBucket(emulator, 'exit-three-dst');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', `${bucket},here.txt\n${bucket},missing.txt\n`);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo(target),
      dir,
    });

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
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
    const bucket = await seedBucket(emulator, 'exit-four');
    const target = await seedBucket(emulator, 'exit-four-dst');
    const dir = await tempDir();
    const rows = Array.from({ length: 1010 }, (_, i) => `${bucket},missing/${i}.txt\n`).join('');
    const manifest = await writeText(dir, 'm.csv', rows);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo(target),
      dir,
      report: false,
    });

    // Assess
    expect(result.code, result.stderr).toBe(4);
    const summary = jobSummary(result);
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
      const there = Array.from({ length: 10 }, (_, i) => `there/${i}.txt`);
      const bucket = await seedBucket(emulator, 'exit-threshold', there);
      const target = await seedBucket(emulator, 'exit-threshold-dst');
      const dir = await tempDir();
      const rows = [
        ...Array.from({ length: 10 }, (_, i) => `${bucket},there/${i}.txt\n`),
        ...Array.from({ length: 20 }, (_, i) => `${bucket},missing/${i}.txt\n`),
      ].join('');
      const manifest = await writeText(dir, 'm.csv', rows);

      // Act
      const result = await runJob(emulator.processEnv(), {
        manifest,
        operation: copyTo(target),
        dir,
        report: false,
        flags: [
          '--concurrency',
          '1',
          '--failure-threshold-tasks',
          '10',
          '--failure-threshold-percent',
          percent,
        ],
      });

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
    const result = await runJob(env, {
      manifest,
      operation: copyTo(bucket),
      dir,
      report: false,
      json: false,
    });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no AWS region: pass --region, set AWS_REGION/);
    expect(existsSync(jobsIn(dir))).toBe(false);
  });

  it('exits 2 before the job starts when no AWS credentials can be found, said once, and writes nothing', async () => {
    requireBuiltCli();
    // Prepare: no keys, profile, shared files or instance metadata to find credentials in.
    const bucket = await emulator.createBucket('exit-credentials');
    const dir = await tempDir();
    const rows = Array.from({ length: 50 }, (_, i) => `${bucket},k${i}.txt\n`).join('');
    const manifest = await writeText(dir, 'm.csv', rows);
    const empty = await writeText(dir, 'empty', '');
    const env = emulator.processEnv({
      AWS_CONFIG_FILE: empty,
      AWS_SHARED_CREDENTIALS_FILE: empty,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
      delete env[name];
    }
    delete env.AWS_PROFILE;

    // Act
    const result = await runJob(env, { manifest, operation: copyTo(bucket), dir, report: false });

    // Assess
    expect(result.code, result.stderr).toBe(2);
    // One JSON error on stdout, nothing else: not one failure per task.
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'NoCredentials',
        message: expect.stringMatching(/^no AWS credentials: .+\. Set AWS_ACCESS_KEY_ID/),
      },
    });
    expect(result.stderr).toBe('');
    expect(existsSync(jobsIn(dir))).toBe(false);
  });

  it('exits 2 with file:line for a bad manifest row, and writes nothing', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'exit-two', ['a.txt']);
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'bad.csv',
      `${bucket},a.txt\n${bucket},a.txt\nBAD_BUCKET!,key\n`,
    );

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo(bucket),
      dir,
      report: false,
      json: false,
      flags: ['--format', 'csv'],
    });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${manifest}:3`);
    expect(existsSync(jobsIn(dir))).toBe(false);
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
      runArgs({ manifest, operation, dir, report: false, json: false }),
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(jobsIn(dir))).toBe(false);
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
