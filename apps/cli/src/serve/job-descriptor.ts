import type {
  JobDescriptor,
  JobListDescriptor,
  JobProgressSummary,
  S3GeneratedManifestDescriptor,
} from '@aws-sdk/client-s3-control';
import { parseS3Url } from '@s3bulk/core';
import type { ServiceJob } from './types.js';

/** The operation's name: the one key of the request's `Operation`. */
export function operationName(job: ServiceJob): string {
  return Object.keys(job.request.Operation ?? {})[0] ?? '';
}

function progressSummary(job: ServiceJob): JobProgressSummary {
  return {
    ...(job.total !== undefined ? { TotalNumberOfTasks: job.total } : {}),
    NumberOfTasksSucceeded: job.succeeded,
    NumberOfTasksFailed: job.failed,
    Timers: { ElapsedTimeInActiveSeconds: Math.floor((job.activeMsBefore + job.activeMs) / 1000) },
  };
}

const date = (iso: string | undefined) => (iso ? { at: new Date(iso) } : undefined);

/** DescribeJob's `Job`: the request echoed back, with the state the service fills in. */
export function describeJob(job: ServiceJob, region: string): JobDescriptor {
  const { request } = job;
  const terminated = date(job.terminatedAt);
  const suspended = date(job.suspendedAt);
  return {
    JobId: job.jobId,
    JobArn: `arn:aws:s3:${region}:${job.accountId}:job/${job.jobId}`,
    ConfirmationRequired: request.ConfirmationRequired ?? false,
    ...(request.Description ? { Description: request.Description } : {}),
    Status: job.status,
    ...(request.Manifest ? { Manifest: request.Manifest } : {}),
    ...(request.ManifestGenerator
      ? { ManifestGenerator: reviveDates(request.ManifestGenerator) }
      : {}),
    ...(request.Operation ? { Operation: reviveDates(request.Operation) } : {}),
    Priority: job.priority,
    ProgressSummary: progressSummary(job),
    ...(job.statusUpdateReason ? { StatusUpdateReason: job.statusUpdateReason } : {}),
    ...(job.failureReasons.length > 0 ? { FailureReasons: job.failureReasons } : {}),
    ...(request.Report ? { Report: request.Report } : {}),
    CreationTime: new Date(job.createdAt),
    ...(terminated ? { TerminationDate: terminated.at } : {}),
    ...(request.RoleArn ? { RoleArn: request.RoleArn } : {}),
    ...(suspended ? { SuspendedDate: suspended.at } : {}),
    ...(job.suspendedCause && job.status === 'Suspended'
      ? { SuspendedCause: job.suspendedCause }
      : {}),
    ...(job.generatedManifest
      ? { GeneratedManifestDescriptor: generatedManifestDescriptor(job.generatedManifest) }
      : {}),
  } as JobDescriptor;
}

/** The manifest a ManifestGenerator wrote, as the service describes it: always inventory CSV. */
function generatedManifestDescriptor(
  manifest: NonNullable<ServiceJob['generatedManifest']>,
): S3GeneratedManifestDescriptor {
  const { bucket, key } = parseS3Url(manifest.location);
  return {
    Format: 'S3InventoryReport_CSV_20211130',
    Location: {
      ObjectArn: `arn:aws:s3:::${bucket}/${key}`,
      ETag: manifest.etag,
    },
  };
}

/** ListJobs' entry for a job. */
export function listDescriptor(job: ServiceJob): JobListDescriptor {
  const terminated = date(job.terminatedAt);
  return {
    JobId: job.jobId,
    ...(job.request.Description ? { Description: job.request.Description } : {}),
    Operation: operationName(job) as JobListDescriptor['Operation'],
    Priority: job.priority,
    Status: job.status,
    CreationTime: new Date(job.createdAt),
    ...(terminated ? { TerminationDate: terminated.at } : {}),
    ProgressSummary: progressSummary(job),
  };
}

const DATE_FIELDS = new Set(['RetainUntilDate', 'CreatedAfter', 'CreatedBefore']);

/** Timestamps of the stored request are ISO strings; the XML writer wants `Date`s. */
function reviveDates<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    DATE_FIELDS.has(key) && typeof v === 'string' ? new Date(v) : v,
  ) as T;
}
