import { DescribeJobsCommand, ListJobsCommand } from '@aws-sdk/client-batch';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, tempDir, writeText } from './run-cli.js';
import {
  bundleWorker,
  createBatchSetup,
  playBatch,
  type BatchSetup,
  submitCli,
} from './submit-batch-env.js';

const emulator = useEmulator();
let setup: BatchSetup;

beforeAll(async () => {
  setup = await createBatchSetup(emulator, `submit-${Date.now().toString(36)}`);
});

interface Submitted {
  jobId: string;
  s3bulkJobId: string;
  shards: number;
  manifest: string;
  spec: string;
}

async function containerEnv(jobId: string): Promise<Record<string, string | undefined>> {
  const job = (await setup.batch.send(new DescribeJobsCommand({ jobs: [jobId] }))).jobs![0]!;
  return Object.fromEntries((job.container?.environment ?? []).map((e) => [e.name, e.value]));
}

describe('cli: s3bulk submit', { timeout: 180_000 }, () => {
  it('uploads a local manifest, writes the spec beside the checkpoints and passes only its location', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit');
    const dir = await tempDir();
    const csv = 'source,destination\ns3://a-src/x/,s3://a-dst/y/\n';
    const manifest = await writeText(dir, 's3_batch_sync_input-one.csv', csv);

    // Act: no --format and no --header: both are guessed from the file, as run guesses.
    const result = await submitCli(setup, emulator, [
      '--manifest',
      manifest,
      '--sync-delete',
      '--manifest-upload',
      `s3://${bucket}/input/`,
      '--shards',
      '4',
      '--report',
      `s3://${bucket}/reports/`,
      '--concurrency',
      '16',
      '--json',
    ]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Submitted;
    const uploaded = `s3://${bucket}/input/s3_batch_sync_input-one.csv`;
    expect(out).toMatchObject({ shards: 4, manifest: uploaded, jobQueue: setup.jobQueue });
    expect(out.spec).toBe(`s3://${bucket}/.s3bulk/checkpoints/${out.s3bulkJobId}/spec.json`);
    expect(await emulator.getText(bucket, 'input/s3_batch_sync_input-one.csv')).toBe(csv);
    const spec = JSON.parse(
      await emulator.getText(bucket, `.s3bulk/checkpoints/${out.s3bulkJobId}/spec.json`),
    ) as Record<string, unknown>;
    expect(spec).toMatchObject({
      version: 1,
      jobId: out.s3bulkJobId,
      manifest: { format: 'pairs', location: uploaded, header: true },
      operation: { S3BulkPairs: { SyncDelete: true } },
      report: { location: `s3://${bucket}/reports/`, scope: 'AllTasks' },
      engine: { concurrency: 16 },
    });
    const job = (await setup.batch.send(new DescribeJobsCommand({ jobs: [out.jobId] }))).jobs![0]!;
    expect(job.arrayProperties?.size).toBe(4);
    expect(job.parameters).toMatchObject({
      s3_bucket: bucket,
      s3_key: 'input/s3_batch_sync_input-one.csv',
    });
    // The workers get only the spec's location and the shard count (moto adds Batch's own).
    const env = await containerEnv(out.jobId);
    expect(Object.keys(env).filter((name) => name.startsWith('S3BULK_'))).toEqual(
      expect.arrayContaining(['S3BULK_SPEC', 'S3BULK_SHARDS']),
    );
    expect(Object.keys(env).filter((name) => name.startsWith('S3BULK_'))).toHaveLength(2);
    expect(env).toMatchObject({ S3BULK_SPEC: out.spec, S3BULK_SHARDS: '4' });
  });

  it('runs a job file on 3 worker processes that read the spec submit wrote', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit-run');
    const keys = Array.from({ length: 12 }, (_, i) => `data/f-${i}.txt`);
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    await emulator.putObjects(bucket, { 'm.csv': keys.map((k) => `${bucket},${k}\n`).join('') });
    const dir = await tempDir();
    const jobFile = await writeText(
      dir,
      'job.json',
      JSON.stringify({
        version: 1,
        manifest: { format: 'csv', location: `s3://${bucket}/m.csv` },
        operation: { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } },
        report: { location: `s3://${bucket}/reports/`, scope: 'AllTasks' },
        engine: { concurrency: 4 },
      }),
    );
    const bundle = bundleWorker();

    // Act
    const result = await submitCli(setup, emulator, ['--spec', jobFile, '--shards', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Submitted;
    const exits = await playBatch(setup, emulator, bundle, out.jobId);

    // Assess
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.output).join('\n'),
    ).toEqual([0, 0, 0]);
    const rows = await reportRows(
      `s3://${bucket}/reports/job-${out.s3bulkJobId}/manifest.json`,
      emulator,
    );
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    const planned = exits
      .map((e) => e.output)
      .join('\n')
      .match(/"message":"shard planned"/g);
    expect(planned).toHaveLength(3);
  });

  it('lets a flag beside --spec win over its field and says so', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit-over');
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},a.txt\n` });
    const dir = await tempDir();
    const jobFile = await writeText(
      dir,
      'job.json',
      JSON.stringify({
        version: 1,
        manifest: { format: 'csv', location: `s3://${bucket}/m.csv` },
        operation: { S3PutObjectTagging: { TagSet: [] } },
        engine: { concurrency: 4 },
      }),
    );

    // Act
    const result = await submitCli(setup, emulator, [
      '--spec',
      jobFile,
      '--concurrency',
      '9',
      '--json',
    ]);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as Submitted & { overrides: string[] };
    expect(out.overrides).toEqual(['--concurrency']);
    const spec = JSON.parse(
      await emulator.getText(bucket, `.s3bulk/checkpoints/${out.s3bulkJobId}/spec.json`),
    ) as { engine: { concurrency: number } };
    expect(spec.engine.concurrency).toBe(9);
    expect((await containerEnv(out.jobId)).S3BULK_SHARDS).toBe('1');
  });

  it.each([
    ['a bad row in the manifest', 'good-bucket,k\nBad_Bucket!,k\n', {}, /m\.csv:2: Bucket/],
    [
      'a missing job definition',
      'good-bucket,k\n',
      { definition: 'no-such-definition' },
      /job definition "no-such-definition" not found/,
    ],
    [
      'a missing job queue',
      'good-bucket,k\n',
      { queue: 'no-such-queue' },
      /job queue "no-such-queue" not found/,
    ],
  ])('refuses %s with exit 2 and uploads nothing', async (_name, csv, names, message) => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('submit-none');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', csv);

    // Act
    const result = await submitCli(setup, emulator, [
      '--manifest',
      manifest,
      '--format',
      'csv',
      '--operation',
      '{"S3PutObjectTagging":{"TagSet":[]}}',
      '--manifest-upload',
      `s3://${bucket}/input/`,
      '--job-queue',
      (names as { queue?: string }).queue ?? setup.jobQueue,
      '--job-definition',
      (names as { definition?: string }).definition ?? setup.jobDefinition,
    ]);

    // Assess
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(await emulator.listKeys(bucket)).toEqual([]);
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
    const bucket = await emulator.createBucket('submit-refuse');
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},a.txt\n` });
    const dir = await tempDir();
    const local = await writeText(dir, 'm.csv', 'b,k\n');
    const queue = `${setup.jobQueue}`;
    const before = await setup.batch.send(
      new ListJobsCommand({ jobQueue: queue, jobStatus: 'SUCCEEDED' }),
    );
    const manifest = extra[0] === '--local' ? local : `s3://${bucket}/m.csv`;
    const tagging = ['--operation', '{"S3PutObjectTagging":{"TagSet":[]}}'];
    const flags =
      extra[0] === '--local'
        ? tagging
        : extra.includes('--operation')
          ? extra
          : [...extra, ...tagging];

    // Act
    const result = await submitCli(setup, emulator, [
      '--manifest',
      manifest,
      ...flags,
      '--job-queue',
      queue,
    ]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    const after = await setup.batch.send(
      new ListJobsCommand({ jobQueue: queue, jobStatus: 'SUCCEEDED' }),
    );
    expect(after.jobSummaryList?.length).toBe(before.jobSummaryList?.length);
    expect(await emulator.listKeys(bucket)).toEqual(['m.csv']);
  });
});
