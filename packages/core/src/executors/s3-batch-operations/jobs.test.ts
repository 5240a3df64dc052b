import {
  CreateJobCommand,
  DescribeJobCommand,
  ListJobsCommand,
  S3ControlClient,
  UpdateJobPriorityCommand,
  UpdateJobStatusCommand,
} from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cancelBatchOperationsJob,
  confirmBatchOperationsJob,
  createBatchOperationsJob,
  listBatchOperationsJobs,
  setBatchOperationsJobPriority,
  watchBatchOperationsJob,
} from './jobs.js';

// No emulator implements S3 Control jobs: requests and responses are checked against a mock.
const control = mockClient(S3ControlClient);
const client = new S3ControlClient({ region: 'us-east-1' });
const ACCOUNT = '123456789012';

afterEach(() => control.reset());

describe('batchops: jobs', () => {
  it('create sends the built request and returns the job id', async () => {
    // Prepare
    control.on(CreateJobCommand).resolves({ JobId: 'job-1' });

    // Act
    const created = await createBatchOperationsJob(client, {
      accountId: ACCOUNT,
      operation: { S3DeleteObjectTagging: {} },
      manifest: { format: 'csv', bucket: 'm', key: 'k.csv', etag: 'e' },
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });

    // Assess
    const sent = control.commandCalls(CreateJobCommand)[0]?.args[0].input;
    expect(created).toEqual({ jobId: 'job-1', clientRequestToken: sent?.ClientRequestToken });
    expect(sent).toMatchObject({ AccountId: ACCOUNT, ConfirmationRequired: true, Priority: 10 });
  });

  it('confirm, cancel and priority send UpdateJobStatus / UpdateJobPriority', async () => {
    // Prepare
    control.on(UpdateJobStatusCommand).callsFake((i: { RequestedJobStatus: string }) => ({
      JobId: 'j',
      Status: i.RequestedJobStatus === 'Ready' ? 'Ready' : 'Cancelling',
    }));
    control.on(UpdateJobPriorityCommand).resolves({ JobId: 'j', Priority: 99 });

    // Act
    const confirmed = await confirmBatchOperationsJob(client, ACCOUNT, 'j');
    const cancelled = await cancelBatchOperationsJob(client, ACCOUNT, 'j', 'wrong manifest');
    const priority = await setBatchOperationsJobPriority(client, ACCOUNT, 'j', 99);

    // Assess
    expect([confirmed, cancelled, priority]).toEqual(['Ready', 'Cancelling', 99]);
    expect(control.commandCalls(UpdateJobStatusCommand).map((c) => c.args[0].input)).toEqual([
      { AccountId: ACCOUNT, JobId: 'j', RequestedJobStatus: 'Ready' },
      {
        AccountId: ACCOUNT,
        JobId: 'j',
        RequestedJobStatus: 'Cancelled',
        StatusUpdateReason: 'wrong manifest',
      },
    ]);
    expect(control.commandCalls(UpdateJobPriorityCommand)[0]?.args[0].input).toEqual({
      AccountId: ACCOUNT,
      JobId: 'j',
      Priority: 99,
    });
  });

  it('list follows NextToken through every page', async () => {
    // Prepare
    control
      .on(ListJobsCommand)
      .resolvesOnce({ Jobs: [{ JobId: 'a' }], NextToken: 't1' })
      .resolvesOnce({ Jobs: [{ JobId: 'b' }] });

    // Act
    const jobs = await listBatchOperationsJobs(client, ACCOUNT, ['Active']);

    // Assess
    expect(jobs.map((j) => j.JobId)).toEqual(['a', 'b']);
    expect(control.commandCalls(ListJobsCommand)[1]?.args[0].input).toMatchObject({
      JobStatuses: ['Active'],
      NextToken: 't1',
    });
  });

  it('watch polls DescribeJob until a terminal state, yielding progress', async () => {
    // Prepare
    const job = (Status: string, succeeded: number) => ({
      Job: {
        JobId: 'j',
        Status,
        ProgressSummary: {
          TotalNumberOfTasks: 10,
          NumberOfTasksSucceeded: succeeded,
          NumberOfTasksFailed: 1,
        },
      },
    });
    control
      .on(DescribeJobCommand)
      .resolvesOnce(job('Preparing', 0) as never)
      .resolvesOnce(job('Active', 4) as never)
      .resolvesOnce(job('Complete', 9) as never);
    const sleeps: number[] = [];

    // Act
    const seen = [];
    for await (const p of watchBatchOperationsJob(client, ACCOUNT, 'j', {
      intervalMs: 50,
      sleep: async (ms) => void sleeps.push(ms),
    })) {
      seen.push(p);
    }

    // Assess
    expect(seen.map((p) => [p.status, p.succeeded, p.failed, p.terminal])).toEqual([
      ['Preparing', 0, 1, false],
      ['Active', 4, 1, false],
      ['Complete', 9, 1, true],
    ]);
    expect(sleeps).toEqual([50, 50]);
  });
});
