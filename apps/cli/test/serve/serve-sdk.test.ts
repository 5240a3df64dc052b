import {
  DeleteJobTaggingCommand,
  DescribeJobCommand,
  GetJobTaggingCommand,
  ListJobsCommand,
  PutJobTaggingCommand,
  UpdateJobStatusCommand,
} from '@aws-sdk/client-s3-control';
import { GetObjectTaggingCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  controlClient,
  createJob,
  putManifest,
  useServe,
  terminal,
  waitForJob,
} from './serve-harness.js';

const serve = useServe();

describe('s3bulk serve: the AWS SDK v3 S3ControlClient', () => {
  const emulator = useEmulator();

  it('creates, lists by page, tags and describes jobs; answers the service errors', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-sdk');
    await emulator.putObjects(bucket, { one: '1', two: '2' });
    const manifest = await putManifest(emulator, bucket, ['one', 'two']);
    const server = await serve(emulator.processEnv());
    const client = controlClient(server.endpoint, emulator);
    const create = (token: string, Priority: number) =>
      client.send(
        createJob(token, { Manifest: manifest, Priority, Tags: [{ Key: 'team', Value: 'data' }] }),
      );

    // Act
    const first = await create('sdk-1', 5);
    const second = await create('sdk-2', 50);
    const done = await waitForJob(client, first.JobId!, terminal);
    await waitForJob(client, second.JobId!, terminal);
    const page1 = await client.send(new ListJobsCommand({ AccountId: ACCOUNT, MaxResults: 1 }));
    const page2 = await client.send(
      new ListJobsCommand({ AccountId: ACCOUNT, MaxResults: 1, NextToken: page1.NextToken }),
    );
    const tagsAtCreate = await client.send(
      new GetJobTaggingCommand({ AccountId: ACCOUNT, JobId: first.JobId }),
    );
    await client.send(
      new PutJobTaggingCommand({
        AccountId: ACCOUNT,
        JobId: first.JobId,
        Tags: [{ Key: 'owner', Value: 'me' }],
      }),
    );
    const tagsPut = await client.send(
      new GetJobTaggingCommand({ AccountId: ACCOUNT, JobId: first.JobId }),
    );
    await client.send(new DeleteJobTaggingCommand({ AccountId: ACCOUNT, JobId: first.JobId }));
    const tagsDeleted = await client.send(
      new GetJobTaggingCommand({ AccountId: ACCOUNT, JobId: first.JobId }),
    );
    const missing = await client
      .send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: 'no-such-job' }))
      .catch((e) => e);
    const confirmDone = await client
      .send(
        new UpdateJobStatusCommand({
          AccountId: ACCOUNT,
          JobId: first.JobId,
          RequestedJobStatus: 'Ready',
        }),
      )
      .catch((e) => e);
    const bad = await client
      .send(
        createJob('sdk-bad', {
          Operation: { S3PutObjectTagging: {} } as never,
          Manifest: manifest,
        }),
      )
      .catch((e) => e);

    // Assess
    expect(done).toMatchObject({
      Status: 'Complete',
      ProgressSummary: { TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2, NumberOfTasksFailed: 0 },
    });
    expect(done.CreationTime).toBeInstanceOf(Date);
    expect([page1.Jobs?.length, page2.Jobs?.length]).toEqual([1, 1]);
    expect(new Set([page1.Jobs?.[0]?.JobId, page2.Jobs?.[0]?.JobId])).toEqual(
      new Set([first.JobId, second.JobId]),
    );
    expect(page1.Jobs?.[0]).toMatchObject({ Operation: 'S3PutObjectTagging' });
    expect(tagsAtCreate.Tags).toEqual([{ Key: 'team', Value: 'data' }]);
    expect(tagsPut.Tags).toEqual([{ Key: 'owner', Value: 'me' }]);
    expect(tagsDeleted.Tags ?? []).toEqual([]);
    expect(missing).toMatchObject({
      name: 'NotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
    expect(confirmDone).toMatchObject({ name: 'JobStatusException' });
    expect(bad).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
    expect(String(bad.message)).toMatch(/TagSet/);
    client.destroy();
  });
  it('a ManifestGenerator job lists the bucket with its filters and writes the manifest where asked', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('serve-gen');
    const out = await emulator.createBucket('serve-gen-out');
    await emulator.putObjects(bucket, {
      'logs/a.gz': 'a',
      'logs/b.txt': 'b',
      'logs/c.gz': 'c',
      'other/d.gz': 'd',
    });
    const server = await serve(emulator.processEnv());
    const client = controlClient(server.endpoint, emulator);

    // Act
    const { JobId } = await client.send(
      createJob(`gen-${bucket}`, {
        ManifestGenerator: {
          S3JobManifestGenerator: {
            SourceBucket: `arn:aws:s3:::${bucket}`,
            EnableManifestOutput: true,
            ManifestOutputLocation: {
              Bucket: `arn:aws:s3:::${out}`,
              ManifestPrefix: 'generated',
              ManifestFormat: 'S3InventoryReport_CSV_20211130',
            },
            Filter: {
              KeyNameConstraint: { MatchAnyPrefix: ['logs/'], MatchAnySuffix: ['.gz'] },
            },
          },
        },
        Priority: 10,
      }),
    );
    const done = await waitForJob(client, JobId!, terminal);

    // Assess
    expect(done).toMatchObject({
      Status: 'Complete',
      ManifestGenerator: { S3JobManifestGenerator: { SourceBucket: `arn:aws:s3:::${bucket}` } },
      ProgressSummary: { TotalNumberOfTasks: 2, NumberOfTasksSucceeded: 2 },
    });
    // Each job's manifest in its own folder, described as the service describes it.
    const manifestKey = `generated/job-${JobId}/manifest.json`;
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: out, Key: manifestKey }));
    expect(done.GeneratedManifestDescriptor).toEqual({
      Format: 'S3InventoryReport_CSV_20211130',
      Location: {
        ObjectArn: `arn:aws:s3:::${out}/${manifestKey}`,
        ETag: head.ETag!.replace(/"/g, ''),
      },
    });
    const tagged = await Promise.all(
      ['logs/a.gz', 'logs/b.txt', 'logs/c.gz', 'other/d.gz'].map(async (Key) => {
        const tags = await emulator.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key }));
        return [Key, tags.TagSet?.length ?? 0];
      }),
    );
    expect(tagged).toEqual([
      ['logs/a.gz', 1],
      ['logs/b.txt', 0],
      ['logs/c.gz', 1],
      ['other/d.gz', 0],
    ]);
    client.destroy();
  });
});
