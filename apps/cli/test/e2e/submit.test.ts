import { DescribeJobsCommand, ListJobsCommand } from '@aws-sdk/client-batch';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';
import { createBatchSetup, type BatchSetup } from './submit-batch-env.js';

const emulator = useEmulator();
let setup: BatchSetup;

beforeAll(async () => {
  setup = await createBatchSetup(emulator, `submit-${Date.now().toString(36)}`);
});

describe('cli: s3bulk submit', { timeout: 120_000 }, () => {
  it('uploads a local manifest and submits an array job with the seed parameters', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit');
    const dir = await tempDir();
    const csv = 'source,destination\ns3://a-src/x/,s3://a-dst/y/\n';
    const manifest = await writeText(dir, 's3_batch_sync_input-one.csv', csv);

    // Act
    const result = await runCli(
      [
        'submit',
        '--manifest',
        manifest,
        '--header',
        '--sync-delete',
        '--manifest-upload',
        `s3://${bucket}/input/`,
        '--job-queue',
        setup.jobQueue,
        '--job-definition',
        setup.jobDefinition,
        '--shards',
        '4',
        '--report',
        `s3://${bucket}/reports/`,
        '--concurrency',
        '16',
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as { jobId: string; shards: number; manifest: string };
    expect(out).toMatchObject({
      shards: 4,
      manifest: `s3://${bucket}/input/s3_batch_sync_input-one.csv`,
      jobQueue: setup.jobQueue,
    });
    expect(await emulator.getText(bucket, 'input/s3_batch_sync_input-one.csv')).toBe(csv);
    const job = (await setup.batch.send(new DescribeJobsCommand({ jobs: [out.jobId] }))).jobs![0]!;
    expect(job.arrayProperties?.size).toBe(4);
    expect(job.parameters).toMatchObject({
      s3_bucket: bucket,
      s3_key: 'input/s3_batch_sync_input-one.csv',
    });
    const env = Object.fromEntries(
      (job.container?.environment ?? []).map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({
      S3BULK_MANIFEST_FORMAT: 'pairs',
      S3BULK_SHARDS: '4',
      S3BULK_REPORT: `s3://${bucket}/reports/`,
      S3BULK_CONCURRENCY: '16',
    });
  });

  it('submits a single job with the operation in the environment when there is one shard', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit');
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},a.txt\n` });
    const operation = { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } };

    // Act
    const result = await runCli(
      [
        'submit',
        '--manifest',
        `s3://${bucket}/m.csv`,
        '--format',
        'csv',
        '--operation',
        JSON.stringify(operation),
        '--job-queue',
        setup.jobQueue,
        '--job-definition',
        setup.jobDefinition,
        '--job-name',
        'tag-run',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const jobId = result.stdout.trim();
    const job = (await setup.batch.send(new DescribeJobsCommand({ jobs: [jobId] }))).jobs![0]!;
    expect(job.jobName).toBe('tag-run');
    expect(job.arrayProperties?.size).toBeUndefined();
    const env = Object.fromEntries(
      (job.container?.environment ?? []).map((e) => [e.name, e.value]),
    );
    expect(JSON.parse(env.S3BULK_OPERATION!)).toEqual(operation);
    expect(result.stderr).toContain(`s3bulk jobs watch ${jobId}`);
  });

  it.each([
    [
      'a bad operation, naming the field',
      ['--format', 'csv', '--operation', '{"S3PutObjectTagging":{"TagSet":"x"}}'],
      /S3PutObjectTagging\.TagSet/,
    ],
    ['a local manifest with nowhere to upload it', ['--local'], /--manifest-upload/],
    ['a local report location', ['--report', './reports'], /--report must be an s3:\/\/ URL/],
  ])('refuses %s with exit 2 and submits nothing', async (_name, extra, message) => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const local = await writeText(dir, 'm.csv', 'b,k\n');
    const queue = `${setup.jobQueue}`;
    const before = await setup.batch.send(
      new ListJobsCommand({ jobQueue: queue, jobStatus: 'SUCCEEDED' }),
    );
    const manifest = extra[0] === '--local' ? local : 's3://some-bucket/m.csv';
    const flags = extra[0] === '--local' ? [] : extra;

    // Act
    const result = await runCli(
      [
        'submit',
        '--manifest',
        manifest,
        ...flags,
        '--job-queue',
        queue,
        '--job-definition',
        setup.jobDefinition,
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    const after = await setup.batch.send(
      new ListJobsCommand({ jobQueue: queue, jobStatus: 'SUCCEEDED' }),
    );
    expect(after.jobSummaryList?.length).toBe(before.jobSummaryList?.length);
  });
});
