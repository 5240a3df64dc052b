import type { S3BulkBatchJobStatus } from '@s3bulk/core';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli } from './run-cli.js';
import {
  bundleWorker,
  createBatchSetup,
  playBatch,
  type BatchSetup,
  submitCli,
} from './submit-batch-env.js';

const emulator = useEmulator();
let setup: BatchSetup;
let bundle: string;

beforeAll(async () => {
  setup = await createBatchSetup(emulator, `jobs-${Date.now().toString(36)}`);
  bundle = bundleWorker();
});

async function runBatchJob(jobId: string): Promise<void> {
  const exits = await playBatch(setup, emulator, bundle, jobId);
  for (const exit of exits) expect(exit.code, exit.output).toBe(0);
}

describe('cli: s3bulk jobs', { timeout: 240_000 }, () => {
  it('follows a submitted array job: describe, list, watch, report, cancel', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('jobs');
    const keys = Array.from({ length: 30 }, (_, i) => `src/f-${i}.txt`);
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    await emulator.putObjects(bucket, {
      'input/s3_batch_sync_input-x.csv': `source,destination\ns3://${bucket}/src/,s3://${bucket}/dst/\n`,
    });
    const submitted = await submitCli(setup, emulator, [
      '--manifest',
      `s3://${bucket}/input/s3_batch_sync_input-x.csv`,
      '--header',
      '--shards',
      '3',
      '--report',
      `s3://${bucket}/reports/`,
      '--checkpoint',
      `s3://${bucket}/checkpoints/`,
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const { jobId, s3bulkJobId } = JSON.parse(submitted.stdout) as {
      jobId: string;
      s3bulkJobId: string;
    };
    await runBatchJob(jobId);

    // Act
    const described = await runCli(['jobs', 'describe', jobId, '--json'], emulator.processEnv());
    const listed = await runCli(
      ['jobs', 'list', '--job-queue', setup.jobQueue, '--json'],
      emulator.processEnv(),
    );
    const watched = await runCli(
      ['jobs', 'watch', jobId, '--interval', '1'],
      emulator.processEnv(),
    );
    const reported = await runCli(
      ['jobs', 'report', jobId, '--report', `s3://${bucket}/again/`, '--json'],
      emulator.processEnv(),
    );
    const cancelled = await runCli(['jobs', 'cancel', jobId, '--json'], emulator.processEnv());

    // Assess
    expect(described.code, described.stderr).toBe(0);
    const status = JSON.parse(described.stdout) as S3BulkBatchJobStatus;
    expect(status.job).toMatchObject({
      jobId,
      status: 'SUCCEEDED',
      arraySize: 3,
      children: { SUCCEEDED: 3 },
    });
    expect(status.checkpoint).toBe(`s3://${bucket}/checkpoints/`);
    expect(status.progress).toMatchObject({
      shards: 3,
      succeeded: 30,
      failed: 0,
      finished: 3,
      shardStatus: { Complete: 3 },
    });

    expect(listed.code, listed.stderr).toBe(0);
    const jobs = (JSON.parse(listed.stdout) as { jobs: { jobId: string }[] }).jobs;
    expect(jobs.filter((j) => j.jobId.startsWith(jobId)).map((j) => j.jobId)).toEqual([jobId]);

    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stderr).toContain(
      'SUCCEEDED | shards: 3 SUCCEEDED | objects: 30 succeeded, 0 failed',
    );
    expect(watched.stdout).toContain(
      'Objects:     30 succeeded, 0 failed (3 of 3 shards finished)',
    );

    expect(reported.code, reported.stderr).toBe(0);
    const again = JSON.parse(reported.stdout) as { reportPath: string };
    for (const location of [
      `s3://${bucket}/reports/job-${s3bulkJobId}/manifest.json`,
      again.reportPath,
    ]) {
      const rows = await reportRows(location, emulator);
      // Rows name the task's object: for a copy, its source.
      expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    }
    expect(await emulator.listKeys(bucket, 'dst/')).toHaveLength(30);

    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toMatchObject({ jobId, previousStatus: 'SUCCEEDED' });
  });

  it('says which job Batch does not know, with exit 2', async () => {
    requireBuiltCli();
    // Act
    const result = await runCli(['jobs', 'describe', 'no-such-job'], emulator.processEnv());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AWS Batch has no job "no-such-job"');
  });
});
