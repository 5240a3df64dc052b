import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateJobCommand,
  DescribeJobCommand,
  ListJobsCommand,
  S3ControlClient,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
} from '@aws-sdk/client-s3-control';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { useEmulator } from '@s3bulk/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import Cancel from '../src/commands/batchops/cancel.js';
import Confirm from '../src/commands/batchops/confirm.js';
import Create from '../src/commands/batchops/create.js';
import Describe from '../src/commands/batchops/describe.js';
import List from '../src/commands/batchops/list.js';
import Priority from '../src/commands/batchops/priority.js';
import {
  ACCOUNT,
  ROLE,
  createdRequest,
  emulatorFlags,
  useQuietCommands,
} from './batchops-harness.js';

// No emulator implements S3 Control jobs: the commands run in-process against mocked S3 Control
// and STS clients; manifest uploads go to the real emulator.
const root = resolve(import.meta.dirname, '..');
const emulator = useEmulator();
const control = mockClient(S3ControlClient);
const sts = mockClient(STSClient);
const TAGGING = '{"S3PutObjectTagging":{"TagSet":[{"Key":"team","Value":"data"}]}}';
useQuietCommands(emulator, [control, sts]);
const created = () => createdRequest(control);

describe('cli: batchops create', () => {
  it('uploads a local manifest, fills in its ETag and builds the CreateJob request', async () => {
    // Prepare
    const bucket = await emulator.createBucket('bocli');
    const dir = await mkdtemp(join(tmpdir(), 's3bulk-bo-cli-'));
    const manifest = join(dir, 'tag.csv');
    await writeFile(manifest, `${bucket},a%20b.txt,v1\n`);
    control.on(CreateJobCommand).resolves({ JobId: 'job-123' });
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });

    // Act
    const result = await Create.run(
      [
        '--manifest',
        manifest,
        '--fields',
        'Bucket,Key,VersionId',
        '--manifest-upload',
        `s3://${bucket}/manifests`,
        '--operation',
        TAGGING,
        '--report',
        `s3://${bucket}/reports/`,
        '--report-scope',
        'FailedTasksOnly',
        '--role-arn',
        ROLE,
        '--priority',
        '20',
        '--description',
        'tag it',
        ...emulatorFlags(emulator),
        '--json',
      ],
      root,
    );

    // Assess
    const head = await emulator.s3.send(
      new (await import('@aws-sdk/client-s3')).HeadObjectCommand({
        Bucket: bucket,
        Key: 'manifests/tag.csv',
      }),
    );
    const etag = head.ETag?.replace(/"/g, '');
    expect(created()).toEqual({
      AccountId: ACCOUNT,
      ConfirmationRequired: true,
      Operation: { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } },
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key', 'VersionId'] },
        Location: { ObjectArn: `arn:aws:s3:::${bucket}/manifests/tag.csv`, ETag: etag },
      },
      Report: {
        Enabled: true,
        Bucket: `arn:aws:s3:::${bucket}`,
        Format: 'Report_CSV_20180820',
        Prefix: 'reports',
        ReportScope: 'FailedTasksOnly',
      },
      Priority: 20,
      RoleArn: ROLE,
      Description: 'tag it',
      ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(result).toMatchObject({
      jobId: 'job-123',
      accountId: ACCOUNT,
      confirmationRequired: true,
      manifest: { objectArn: `arn:aws:s3:::${bucket}/manifests/tag.csv`, etag, uploaded: true },
      operation: 'S3PutObjectTagging',
    });
  });

  it('a retried create sends the same ClientRequestToken (S3 Control returns the same job)', async () => {
    // Prepare
    const bucket = await emulator.createBucket('bocli');
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},k\n` });
    control.on(CreateJobCommand).resolves({ JobId: 'job-same' });
    const argv = [
      '--manifest',
      `s3://${bucket}/m.csv`,
      '--operation',
      '{"S3DeleteObjectTagging":{}}',
      '--role-arn',
      ROLE,
      '--account-id',
      ACCOUNT,
      '--no-confirmation-required',
      ...emulatorFlags(emulator),
      '--json',
    ];

    // Act
    await Create.run(argv, root);
    await Create.run(argv, root);

    // Assess
    const [first, second] = control.commandCalls(CreateJobCommand).map((c) => c.args[0].input);
    expect(first?.ClientRequestToken).toBe(second?.ClientRequestToken);
    expect(first).toMatchObject({ ConfirmationRequired: false, Report: { Enabled: false } });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(0);
  });

  it('wraps an s3bulk-only operation for the Lambda with --function-arn (alias --via-lambda)', async () => {
    // Prepare
    const bucket = await emulator.createBucket('bocli');
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},k\n` });
    control.on(CreateJobCommand).resolves({ JobId: 'j' });
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:s3bulk-batch';

    // Act
    await Create.run(
      [
        '--manifest',
        `s3://${bucket}/m.csv`,
        '--operation',
        '{"S3BulkDelete":{}}',
        '--via-lambda',
        fn,
        '--role-arn',
        ROLE,
        '--account-id',
        ACCOUNT,
        ...emulatorFlags(emulator),
        '--json',
      ],
      root,
    );

    // Assess
    expect(created()?.Operation).toEqual({
      LambdaInvoke: {
        FunctionArn: fn,
        InvocationSchemaVersion: '2.0',
        UserArguments: { operation: '{"S3BulkDelete":{}}' },
      },
    });
  });

  it.each([
    [
      ['--operation', '{"S3BulkDelete":{}}'],
      /S3BulkDelete is s3bulk's own operation.*--function-arn/,
    ],
    [
      [
        '--operation',
        '{"S3PutObjectAcl":{"AccessControlPolicy":{"CannedAccessControlList":"open"}}}',
      ],
      /CannedAccessControlList must be one of "private"/,
    ],
    [['--operation', TAGGING, '--report', './local-dir'], /writes reports to S3/],
    [
      ['--operation', TAGGING, '--manifest', 'local.csv'],
      /Add --manifest-upload s3:\/\/bucket\/prefix/,
    ],
    [
      ['--operation', TAGGING, '--fields', 'Bucket,Path'],
      /unknown csv manifest field "Path" \(allowed: Ignore, Bucket, Key, VersionId\)/,
    ],
  ])('refuses %j with exit 2 and a message saying what to fix', async (extra, message) => {
    // Act
    const manifest = extra.includes('--manifest') ? [] : ['--manifest', 's3://some-bucket/m.csv'];
    const error = await Create.run(
      [...manifest, '--role-arn', ROLE, '--account-id', ACCOUNT, ...extra],
      root,
    ).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ oclif: { exit: 2 } });
    expect((error as Error).message).toMatch(message);
    expect(control.commandCalls(CreateJobCommand)).toHaveLength(0);
  });
});

describe('cli: batchops describe, list, confirm, cancel, priority', () => {
  const job = (Status: string, succeeded: number, failed = 0) => ({
    Job: {
      JobId: 'j1',
      Status,
      ProgressSummary: {
        TotalNumberOfTasks: 10,
        NumberOfTasksSucceeded: succeeded,
        NumberOfTasksFailed: failed,
      },
    },
  });

  it('describe --watch polls until a terminal state and returns the final progress', async () => {
    // Prepare
    control
      .on(DescribeJobCommand)
      .resolvesOnce(job('Active', 3) as never)
      .resolvesOnce(job('Complete', 9, 1) as never);

    // Act
    const result = await Describe.run(
      ['j1', '--watch', '--interval', '1', '--account-id', ACCOUNT, '--json'],
      root,
    );

    // Assess
    expect(result).toMatchObject({
      jobId: 'j1',
      status: 'Complete',
      succeeded: 9,
      failed: 1,
      total: 10,
      terminal: true,
    });
    expect(control.commandCalls(DescribeJobCommand)).toHaveLength(2);
    expect(control.commandCalls(DescribeJobCommand)[0]?.args[0].input).toEqual({
      AccountId: ACCOUNT,
      JobId: 'j1',
    });
    expect(process.exitCode).toBe(3);
  });

  it('list returns the jobs of every page', async () => {
    // Prepare
    control
      .on(ListJobsCommand)
      .resolvesOnce({
        Jobs: [{ JobId: 'a', Status: 'Suspended', Operation: 'S3PutObjectTagging', Priority: 10 }],
        NextToken: 'n',
      })
      .resolvesOnce({
        Jobs: [{ JobId: 'b', Status: 'Active', Operation: 'LambdaInvoke', Priority: 5 }],
      });

    // Act
    const result = await List.run(
      ['--status', 'Suspended', '--status', 'Active', '--account-id', ACCOUNT, '--json'],
      root,
    );

    // Assess
    expect(result).toEqual({
      jobs: [
        { jobId: 'a', status: 'Suspended', operation: 'S3PutObjectTagging', priority: 10 },
        { jobId: 'b', status: 'Active', operation: 'LambdaInvoke', priority: 5 },
      ],
    });
    expect(control.commandCalls(ListJobsCommand)[0]?.args[0].input).toMatchObject({
      JobStatuses: ['Suspended', 'Active'],
    });
  });

  it('confirm, cancel and priority send the S3 Control updates', async () => {
    // Prepare
    control.on(UpdateJobStatusCommand).callsFake((i: { RequestedJobStatus: string }) => ({
      JobId: 'j1',
      Status: i.RequestedJobStatus === 'Ready' ? 'Ready' : 'Cancelling',
    }));
    control.on(UpdateJobPriorityCommand).resolves({ JobId: 'j1', Priority: 77 });

    // Act
    const confirmed = await Confirm.run(['j1', '--account-id', ACCOUNT, '--json'], root);
    const cancelled = await Cancel.run(
      ['j1', '--reason', 'oops', '--account-id', ACCOUNT, '--json'],
      root,
    );
    const priority = await Priority.run(['j1', '77', '--account-id', ACCOUNT, '--json'], root);

    // Assess
    expect([confirmed, cancelled, priority]).toEqual([
      { jobId: 'j1', status: 'Ready' },
      { jobId: 'j1', status: 'Cancelling' },
      { jobId: 'j1', priority: 77 },
    ]);
    expect(control.commandCalls(UpdateJobStatusCommand)[1]?.args[0].input).toEqual({
      AccountId: ACCOUNT,
      JobId: 'j1',
      RequestedJobStatus: 'Cancelled',
      StatusUpdateReason: 'oops',
    });
  });

  it('a bad --account-id is a usage error', async () => {
    const error = await Confirm.run(['j1', '--account-id', '12345'], root).catch((e: unknown) => e);
    expect(error).toMatchObject({ oclif: { exit: 2 } });
    expect((error as Error).message).toMatch(/12-digit/);
  });
});
