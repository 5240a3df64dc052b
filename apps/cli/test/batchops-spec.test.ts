import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { CreateJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { useEmulator } from '@s3bulk/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import Create from '../src/commands/batchops/create.js';
import {
  ACCOUNT,
  ROLE,
  createdRequest,
  emulatorFlags,
  useQuietCommands,
} from './batchops-harness.js';

// One job file, handed to S3 Batch Operations: S3 Control is mocked (no emulator runs its jobs),
// the manifest and the job file live in the emulator.
const root = resolve(import.meta.dirname, '..');
const emulator = useEmulator();
const control = mockClient(S3ControlClient);
const HANDLER = 'arn:aws:lambda:us-east-1:123456789012:function:s3bulk-batch';
const TAGGING = { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } };
const output = useQuietCommands(emulator, [control]);

beforeEach(() => {
  control.on(CreateJobCommand).resolves({ JobId: 'job-spec' });
});

/** A bucket holding a csv manifest, and a job file naming it, written locally. */
async function jobFile(job: Record<string, unknown>) {
  const bucket = await emulator.createBucket('bospec');
  await emulator.putObjects(bucket, { 'm.csv': `${bucket},a.txt,v1\n` });
  const { ETag } = await emulator.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'm.csv' }));
  const spec = {
    version: 1,
    manifest: {
      format: 'csv',
      location: `s3://${bucket}/m.csv`,
      fields: ['Bucket', 'Key', 'VersionId'],
    },
    operation: TAGGING,
    report: { location: `s3://${bucket}/reports`, scope: 'FailedTasksOnly' },
    engine: {},
    aws: {},
    ...job,
  };
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-bo-spec-'));
  const path = join(dir, 'job.json');
  await writeFile(path, JSON.stringify(spec));
  return { bucket, path, etag: ETag!.replace(/"/g, '') };
}

/** `--json` prints nothing but the result: the notes on stderr are asserted without it. */
function create(extra: string[], json = true) {
  return Create.run(
    [
      '--role-arn',
      ROLE,
      '--account-id',
      ACCOUNT,
      ...emulatorFlags(emulator),
      ...(json ? ['--json'] : []),
      ...extra,
    ],
    root,
  );
}

const created = () => createdRequest(control);

describe('cli: batchops create --spec', () => {
  it('a native operation: the CreateJob request carries the job file manifest, operation and report', async () => {
    // Prepare
    const { bucket, path, etag } = await jobFile({});

    // Act
    const result = await create(['--spec', path]);

    // Assess
    expect(created()).toMatchObject({
      Operation: TAGGING,
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'VersionId'] },
        Location: { ObjectArn: `arn:aws:s3:::${bucket}/m.csv`, ETag: etag },
      },
      Report: {
        Enabled: true,
        Bucket: `arn:aws:s3:::${bucket}`,
        Prefix: 'reports',
        ReportScope: 'FailedTasksOnly',
      },
      RoleArn: ROLE,
    });
    expect(result).toMatchObject({ route: 'native', operation: 'S3PutObjectTagging' });
  });

  it("s3bulk's own operation goes through the handler, its JSON in UserArguments", async () => {
    // Prepare
    const { path } = await jobFile({
      operation: { S3BulkDelete: {} },
      engine: { maxAttempts: 3 },
    });

    // Act
    const result = await create(['--spec', path, '--function-arn', HANDLER], false);

    // Assess
    expect(created()?.Operation).toEqual({
      LambdaInvoke: {
        FunctionArn: HANDLER,
        InvocationSchemaVersion: '2.0',
        UserArguments: { operation: '{"S3BulkDelete":{}}' },
      },
    });
    expect(result).toMatchObject({ route: 'handler', operation: 'LambdaInvoke' });
    expect(output.stderr()).toContain(
      'Not carried: engine.maxAttempts (set S3BULK_MAX_ATTEMPTS on the function).',
    );
  });

  it('flags beside --spec override those fields, and the command says which', async () => {
    // Prepare: the job file is read from S3, as submit leaves it.
    const { bucket, path } = await jobFile({});
    await emulator.putObjects(bucket, { 'jobs/job.json': await readFile(path, 'utf8') });

    // Act
    await create(
      [
        '--spec',
        `s3://${bucket}/jobs/job.json`,
        '--operation',
        '{"S3DeleteObjectTagging":{}}',
        '--report-scope',
        'AllTasks',
      ],
      false,
    );

    // Assess
    expect(created()).toMatchObject({
      Operation: { S3DeleteObjectTagging: {} },
      Report: { Prefix: 'reports', ReportScope: 'AllTasks' },
    });
    expect(output.stderr()).toContain(
      // --endpoint-url and --region too: typed, they fill the job file's empty aws settings.
      `Job file s3://${bucket}/jobs/job.json, with --endpoint-url, --region, --operation, --report-scope over its fields.`,
    );
  });

  it.each([
    [
      'DynamoDbImport',
      { operation: { DynamoDbImport: { TableName: 'orders' } } },
      /DynamoDbImport imports CSV rows, not objects.*run it with s3bulk run or s3bulk submit/i,
    ],
    [
      'S3BulkPairs without --function-arn',
      { operation: { S3BulkPairs: {} } },
      /S3BulkPairs is s3bulk's own operation.*--function-arn/,
    ],
    [
      'a pairs manifest',
      { manifest: { format: 'pairs', location: 's3://m/pairs.csv' } },
      /a pairs manifest .* is s3bulk's own format/,
    ],
    [
      'a local report',
      { report: { location: './reports', scope: 'AllTasks' } },
      /writes reports to S3/,
    ],
  ])('refuses a job file with %s, naming the reason (exit 2)', async (_, job, reason) => {
    // Prepare
    const { path } = await jobFile(job);

    // Act
    const error = await create(['--spec', path], false).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ oclif: { exit: 2 } });
    expect((error as Error).message).toMatch(reason);
    expect(control.commandCalls(CreateJobCommand)).toHaveLength(0);
  });
});
