import { Logger } from '@aws-lambda-powertools/logger';
import { createHandler } from '@s3bulk/batch-lambda';
import { DEFAULT_ENGINE_SETTINGS, encodeBatchKey, type S3BatchEvent } from '@s3bulk/core';
import { startFakeLambda, THROTTLED, useEmulator, type FakeLambda } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSummary, jobsIn, numberedKeys, seedBucket } from './cli-job.js';
import { reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';
import {
  bundleWorker,
  createBatchSetup,
  playBatch,
  type BatchSetup,
  submitCli,
} from './submit-batch-env.js';

// One job file, three executors: in-process (`run --spec`), AWS Batch shards (`submit --spec`
// and the workers reading the spec it wrote) and the S3 Batch Operations Lambda handler given
// the same rows as events. Each must settle every row the same way.

const emulator = useEmulator();
const OPERATION = { S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } };
let setup: BatchSetup;
// A loopback Lambda Invoke API that always throttles (429), counting invocations per key.
let lambda: FakeLambda;

beforeAll(async () => {
  setup = await createBatchSetup(emulator, `one-job-${Date.now().toString(36)}`);
  lambda = await startFakeLambda(() => THROTTLED);
});

afterAll(() => lambda.stop());

/** What every executor must agree on: which object, and whether its task succeeded. */
type Row = readonly [bucket: string, key: string, status: 'succeeded' | 'failed'];

function sorted(rows: Row[]): Row[] {
  return [...rows].sort((a, b) => a.join('\n').localeCompare(b.join('\n')));
}

async function reportedRows(reportPath: string): Promise<Row[]> {
  return sorted(
    (await reportRows(reportPath, emulator)).map((r): Row => [r.bucket, r.key, r.status]),
  );
}

/** One bucket of objects, a manifest naming them and one missing key, and the job file. */
async function prepareJob(): Promise<{
  bucket: string;
  rows: string[];
  dir: string;
  jobFile: string;
}> {
  const keys = numberedKeys(12, 'data/f-');
  const bucket = await seedBucket(emulator, 'one-job', keys);
  const rows = [...keys, 'data/missing.txt'];
  await emulator.putObjects(bucket, { 'm.csv': rows.map((k) => `${bucket},${k}\n`).join('') });
  const dir = await tempDir();
  const jobFile = await writeText(
    dir,
    'job.json',
    JSON.stringify({
      version: 1,
      manifest: { format: 'csv', location: `s3://${bucket}/m.csv` },
      operation: OPERATION,
      report: { location: `s3://${bucket}/reports/`, scope: 'AllTasks' },
      engine: { concurrency: 4 },
    }),
  );
  return { bucket, rows, dir, jobFile };
}

/** The Lambda handler, as S3 Batch Operations drives it: one schema 2.0 event per row. */
async function lambdaRows(bucket: string, keys: readonly string[]): Promise<Row[]> {
  const handler = createHandler({
    clients: { source: emulator.s3, destination: emulator.s3, crossEndpoint: false },
    spec: { aws: {}, engine: {}, operationSettings: {} },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  const rows: Row[] = [];
  for (const [i, key] of keys.entries()) {
    const event: S3BatchEvent = {
      invocationSchemaVersion: '2.0',
      invocationId: `inv-${i}`,
      job: { id: 'one-job', userArguments: { operation: JSON.stringify(OPERATION) } },
      tasks: [
        { taskId: `task-${i}`, s3Bucket: bucket, s3Key: encodeBatchKey(key), s3VersionId: null },
      ],
    };
    const response = await handler(event);
    const code = response.results[0]!.resultCode;
    rows.push([bucket, key, code === 'Succeeded' ? 'succeeded' : 'failed']);
  }
  return sorted(rows);
}

describe('one job file, three executors', { timeout: 240_000 }, () => {
  it('run --spec, submit --spec with 3 workers and the Lambda handler settle the same rows', async () => {
    requireBuiltCli();
    // Prepare
    const { bucket, rows, dir, jobFile } = await prepareJob();
    const bundle = bundleWorker();

    // Act: (a) in-process.
    const ran = await runCli(
      ['run', '--spec', jobFile, '--job-dir', jobsIn(dir), '--json'],
      emulator.processEnv(),
    );
    // (b) AWS Batch: submit, then play Batch's part with 3 worker processes.
    const submitted = await submitCli(setup, emulator, [
      '--spec',
      jobFile,
      '--shards',
      '3',
      '--json',
    ]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const out = JSON.parse(submitted.stdout) as { jobId: string; s3bulkJobId: string };
    const exits = await playBatch(setup, emulator, bundle, out.jobId);
    // (c) S3 Batch Operations' Lambda handler.
    const lambda = await lambdaRows(bucket, rows);

    // Assess
    expect(ran.code, ran.stderr).toBe(3);
    const runRows = await reportedRows(jobSummary(ran).reportPath!);
    // The shard holding the missing key exits "tasks failed"; the other two succeed.
    expect(exits.map((e) => e.code).sort(), exits.map((e) => e.output).join('\n')).toEqual([
      0, 0, 3,
    ]);
    const batchRows = await reportedRows(
      `s3://${bucket}/reports/job-${out.s3bulkJobId}/manifest.json`,
    );
    expect(runRows).toHaveLength(13);
    expect(runRows.filter((r) => r[2] === 'failed')).toEqual([
      [bucket, 'data/missing.txt', 'failed'],
    ]);
    expect(batchRows).toEqual(runRows);
    expect(lambda).toEqual(runRows);
  });

  it("a worker invokes an always-throttled function the engine's attempts per object, not more", async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'one-job-lambda');
    const keys = ['throttled-a.jpg', 'throttled-b.jpg'];
    await emulator.putObjects(bucket, { 'm.csv': keys.map((k) => `${bucket},${k}\n`).join('') });
    const dir = await tempDir();
    const jobFile = await writeText(
      dir,
      'job.json',
      JSON.stringify({
        version: 1,
        manifest: { format: 'csv', location: `s3://${bucket}/m.csv` },
        operation: { LambdaInvoke: { FunctionArn: 'thumbnails', InvocationSchemaVersion: '2.0' } },
        report: { location: `s3://${bucket}/reports/`, scope: 'AllTasks' },
        aws: { endpoints: { lambda: lambda.endpoint } },
      }),
    );
    const bundle = bundleWorker();
    lambda.invocations.clear();

    // Act
    const submitted = await submitCli(setup, emulator, ['--spec', jobFile, '--json']);
    expect(submitted.code, submitted.stderr).toBe(0);
    const out = JSON.parse(submitted.stdout) as { jobId: string; s3bulkJobId: string };
    const exits = await playBatch(setup, emulator, bundle, out.jobId);

    // Assess
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.output).join('\n'),
    ).toEqual([3]);
    expect(Object.fromEntries(lambda.invocations)).toEqual(
      Object.fromEntries(keys.map((k) => [k, DEFAULT_ENGINE_SETTINGS.maxAttempts])),
    );
    const rows = await reportRows(
      `s3://${bucket}/reports/job-${out.s3bulkJobId}/manifest.json`,
      emulator,
    );
    expect(rows.map((r) => [r.key, r.status, r.errorCode]).sort()).toEqual(
      keys.map((k) => [k, 'failed', 'TooManyRequestsException']),
    );
  });
});
