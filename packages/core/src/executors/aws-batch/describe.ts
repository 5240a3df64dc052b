import type { BatchClient, JobDetail, JobSummary as BatchJobSummary } from '@aws-sdk/client-batch';
import { JobError } from '../../errors.js';
import { loadSdk } from '../../config/load-sdk.js';
import {
  BATCH_JOB_STATES,
  type BatchJobInfo,
  type BatchJobState,
  type ChildSummary,
} from './types.js';

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);

function state(value: string | undefined): BatchJobState {
  return BATCH_JOB_STATES.includes(value as BatchJobState) ? (value as BatchJobState) : 'SUBMITTED';
}

function children(summary: Record<string, number> | undefined): ChildSummary | undefined {
  if (!summary) return undefined;
  const out: ChildSummary = {};
  for (const s of BATCH_JOB_STATES) if (summary[s] !== undefined) out[s] = summary[s];
  return out;
}

/** A DescribeJobs detail in s3bulk's terms; undefined fields are left out. */
export function batchJobInfoOf(detail: JobDetail): BatchJobInfo {
  const env = detail.container?.environment ?? [];
  const info: BatchJobInfo = {
    jobId: detail.jobId ?? '',
    jobName: detail.jobName ?? '',
    status: state(detail.status),
    statusReason: detail.statusReason,
    jobQueue: detail.jobQueue,
    jobDefinition: detail.jobDefinition,
    createdAt: iso(detail.createdAt),
    startedAt: iso(detail.startedAt),
    stoppedAt: iso(detail.stoppedAt),
    arraySize: detail.arrayProperties?.size,
    children: children(detail.arrayProperties?.statusSummary),
    attempts: detail.attempts?.length,
    exitCode: detail.container?.exitCode,
    parameters: detail.parameters,
    environment:
      env.length > 0
        ? Object.fromEntries(env.flatMap((e) => (e.name ? [[e.name, e.value ?? '']] : [])))
        : undefined,
  };
  return JSON.parse(JSON.stringify(info)) as BatchJobInfo;
}

function summaryInfo(job: BatchJobSummary): BatchJobInfo {
  const info: BatchJobInfo = {
    jobId: job.jobId ?? '',
    jobName: job.jobName ?? '',
    status: state(job.status),
    statusReason: job.statusReason,
    jobDefinition: job.jobDefinition,
    createdAt: iso(job.createdAt),
    startedAt: iso(job.startedAt),
    stoppedAt: iso(job.stoppedAt),
    arraySize: job.arrayProperties?.size,
    exitCode: job.container?.exitCode,
  };
  return JSON.parse(JSON.stringify(info)) as BatchJobInfo;
}

/** One job (or one child, `<id>:<index>`); throws `JobError` when Batch does not know it. */
export async function describeAwsBatchJob(
  client: BatchClient,
  jobId: string,
): Promise<BatchJobInfo> {
  const { DescribeJobsCommand } = await loadSdk('batch');
  const res = await client.send(new DescribeJobsCommand({ jobs: [jobId] }));
  const detail = res.jobs?.[0];
  if (!detail) throw new JobError(`AWS Batch has no job "${jobId}"`, 'NoSuchBatchJob');
  return batchJobInfoOf(detail);
}

export interface ListAwsBatchJobsOptions {
  readonly jobQueue: string;
  /** @default every state */
  readonly states?: readonly BatchJobState[];
  /** Only jobs whose name starts with this. */
  readonly namePrefix?: string;
}

/**
 * Jobs of a queue, newest first. ListJobs without a status returns only RUNNING jobs, so each
 * state is asked for in turn.
 */
export async function listAwsBatchJobs(
  client: BatchClient,
  options: ListAwsBatchJobsOptions,
): Promise<BatchJobInfo[]> {
  const { paginateListJobs } = await loadSdk('batch');
  const jobs: BatchJobInfo[] = [];
  for (const jobStatus of options.states ?? BATCH_JOB_STATES) {
    for await (const page of paginateListJobs(
      { client },
      { jobQueue: options.jobQueue, jobStatus },
    )) {
      for (const job of page.jobSummaryList ?? []) {
        // Array children (`<id>:<n>`) are summarised by their parent.
        if (job.jobId?.includes(':')) continue;
        if (options.namePrefix && !job.jobName?.startsWith(options.namePrefix)) continue;
        jobs.push(summaryInfo(job));
      }
    }
  }
  return jobs.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/**
 * Stop a job: Batch cancels it if it has not started and terminates it (SIGTERM, then SIGKILL)
 * if it has; children of an array job follow their parent. Workers flush their checkpoint on
 * SIGTERM, so a stopped job can be submitted again and resume.
 */
export async function cancelAwsBatchJob(
  client: BatchClient,
  jobId: string,
  reason: string,
): Promise<void> {
  const { TerminateJobCommand } = await loadSdk('batch');
  await client.send(new TerminateJobCommand({ jobId, reason }));
}
