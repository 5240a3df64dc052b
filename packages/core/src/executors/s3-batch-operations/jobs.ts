import type {
  JobDescriptor,
  JobListDescriptor,
  JobStatus as S3ControlJobStatus,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { buildCreateJobRequest } from './create-job-request.js';
import { loadSdk } from '../../config/load-sdk.js';
import type { BatchOperationsProgress, CreateBatchOperationsJobInput } from './types.js';

/** States S3 Batch Operations never leaves. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set([
  'Complete',
  'Failed',
  'Cancelled',
]);

/** Create the job; a retried create with the same input returns the same job id. */
export async function createBatchOperationsJob(
  client: S3ControlClient,
  input: CreateBatchOperationsJobInput,
): Promise<{ jobId: string; clientRequestToken: string }> {
  const { CreateJobCommand } = await loadSdk('s3-control');
  const request = buildCreateJobRequest(input);
  const out = await client.send(new CreateJobCommand(request));
  return { jobId: out.JobId ?? '', clientRequestToken: request.ClientRequestToken ?? '' };
}

export async function describeBatchOperationsJob(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
): Promise<JobDescriptor> {
  const { DescribeJobCommand } = await loadSdk('s3-control');
  const out = await client.send(new DescribeJobCommand({ AccountId: accountId, JobId: jobId }));
  return out.Job ?? { JobId: jobId };
}

/** The counters and status of a described job, as the CLI shows them. */
export function progressOf(job: JobDescriptor): BatchOperationsProgress {
  const summary = job.ProgressSummary;
  const status = job.Status ?? 'Unknown';
  return {
    jobId: job.JobId ?? '',
    status,
    ...(summary?.TotalNumberOfTasks !== undefined ? { total: summary.TotalNumberOfTasks } : {}),
    succeeded: summary?.NumberOfTasksSucceeded ?? 0,
    failed: summary?.NumberOfTasksFailed ?? 0,
    ...(summary?.Timers?.ElapsedTimeInActiveSeconds !== undefined
      ? { elapsedSeconds: summary.Timers.ElapsedTimeInActiveSeconds }
      : {}),
    terminal: TERMINAL_JOB_STATUSES.has(status),
    failureReasons: (job.FailureReasons ?? []).map((r) =>
      `${r.FailureCode ?? 'Failure'}: ${r.FailureReason ?? ''}`.trim(),
    ),
  };
}

/** Every job of the account (all pages), optionally only those in the given states. */
export async function listBatchOperationsJobs(
  client: S3ControlClient,
  accountId: string,
  statuses: readonly S3ControlJobStatus[] = [],
  limit = Number.POSITIVE_INFINITY,
): Promise<JobListDescriptor[]> {
  const { ListJobsCommand } = await loadSdk('s3-control');
  const jobs: JobListDescriptor[] = [];
  let nextToken: string | undefined;
  do {
    const out = await client.send(
      new ListJobsCommand({
        AccountId: accountId,
        ...(statuses.length > 0 ? { JobStatuses: [...statuses] } : {}),
        ...(nextToken ? { NextToken: nextToken } : {}),
        MaxResults: 1000,
      }),
    );
    jobs.push(...(out.Jobs ?? []));
    nextToken = out.NextToken;
  } while (nextToken && jobs.length < limit);
  return jobs.slice(0, limit);
}

/** Confirm a Suspended job (it moves to Ready and runs). */
export async function confirmBatchOperationsJob(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
): Promise<string> {
  const { UpdateJobStatusCommand } = await loadSdk('s3-control');
  const out = await client.send(
    new UpdateJobStatusCommand({ AccountId: accountId, JobId: jobId, RequestedJobStatus: 'Ready' }),
  );
  return out.Status ?? 'Ready';
}

export async function cancelBatchOperationsJob(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
  reason?: string,
): Promise<string> {
  const { UpdateJobStatusCommand } = await loadSdk('s3-control');
  const out = await client.send(
    new UpdateJobStatusCommand({
      AccountId: accountId,
      JobId: jobId,
      RequestedJobStatus: 'Cancelled',
      ...(reason ? { StatusUpdateReason: reason } : {}),
    }),
  );
  return out.Status ?? 'Cancelling';
}

export async function setBatchOperationsJobPriority(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
  priority: number,
): Promise<number> {
  const { UpdateJobPriorityCommand } = await loadSdk('s3-control');
  const out = await client.send(
    new UpdateJobPriorityCommand({ AccountId: accountId, JobId: jobId, Priority: priority }),
  );
  return out.Priority ?? priority;
}

export interface WatchBatchOperationsJobOptions {
  /** Time between DescribeJob calls. @default 5000 */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
  /** Waits between polls (tests pass one that does not sleep). @default setTimeout */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Poll a job until it reaches a terminal state (or the signal aborts), yielding each state. */
export async function* watchBatchOperationsJob(
  client: S3ControlClient,
  accountId: string,
  jobId: string,
  options: WatchBatchOperationsJobOptions = {},
): AsyncGenerator<BatchOperationsProgress> {
  const sleep = options.sleep ?? defaultSleep;
  for (;;) {
    const progress = progressOf(await describeBatchOperationsJob(client, accountId, jobId));
    yield progress;
    if (progress.terminal || options.signal?.aborted) return;
    await sleep(options.intervalMs ?? 5000, options.signal);
    if (options.signal?.aborted) return;
  }
}
