import { randomUUID } from 'node:crypto';
import type { JobListDescriptor, S3Tag } from '@aws-sdk/client-s3-control';
import { OperationSpecError, S3BulkError, type JobStatus } from '@s3bulk/core';
import { badRequest, jobStatusConflict, noSuchJob, ServiceError } from './errors.js';
import { TERMINAL, type JobRegistry } from './job-registry.js';
import type { JobScheduler } from './job-scheduler.js';
import { describeJob, listDescriptor } from './job-descriptor.js';
import { readXml, SHAPES, writeXml } from './xml-codec.js';
import type { CreateJobRecord, ServiceJob } from './types.js';

/** A request the router matched to an S3 Control job action. */
export interface ControlRequest {
  readonly method: string;
  /** Path segments after `/v20180820/jobs`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly accountId: string;
  readonly body: Buffer;
}

const ACCOUNT_ID = /^\d{12}$/;
/** The model's `IAMRoleArn`: a role a job could be run as; anything else is refused at once. */
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.{1,2000}$/;
const MAX_LIST = 1000;

/**
 * The S3 Batch Operations job actions of S3 Control: each reads its input shape, acts on the
 * registry and scheduler, and answers its output shape as XML.
 */
export class ControlApi {
  constructor(
    private readonly registry: JobRegistry,
    private readonly scheduler: JobScheduler,
    private readonly region: string,
  ) {}

  async handle(request: ControlRequest): Promise<string> {
    if (!ACCOUNT_ID.test(request.accountId)) {
      throw badRequest('x-amz-account-id must be a 12-digit account id');
    }
    const [jobId, sub, ...rest] = request.segments;
    const { method } = request;
    if (rest.length > 0) throw new ServiceError('NotImplemented', 501, 'no such action');
    if (jobId === undefined) {
      if (method === 'POST') return this.createJob(request);
      if (method === 'GET') return this.listJobs(request);
    } else {
      const job = this.job(request.accountId, jobId);
      if (sub === undefined && method === 'GET') return this.describe(job);
      if (sub === 'priority' && method === 'POST') return this.priority(job, request.query);
      if (sub === 'status' && method === 'POST') return this.status(job, request.query);
      if (sub === 'tagging') return this.tagging(job, method, request.body);
    }
    throw new ServiceError('MethodNotAllowed', 405, `${method} is not allowed on this resource`);
  }

  private async createJob(request: ControlRequest): Promise<string> {
    const input = readXml<CreateJobRecord>(SHAPES.CreateJobRequest, request.body);
    if (!input.ClientRequestToken) throw badRequest('ClientRequestToken is required');
    if (!input.RoleArn) throw badRequest('RoleArn is required');
    if (!ROLE_ARN.test(input.RoleArn)) {
      throw badRequest(
        `RoleArn "${input.RoleArn}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`,
      );
    }
    if (input.Priority === undefined || input.Priority < 0) {
      throw badRequest('Priority is required: an integer from 0 to 2147483647');
    }
    const existing = this.registry.byToken(request.accountId, input.ClientRequestToken);
    if (existing) return writeXml(SHAPES.CreateJobResult, { JobId: existing.jobId });
    // Stored as JSON: dates (RetainUntilDate, CreatedAfter) as ISO strings.
    const stored = JSON.parse(JSON.stringify(input)) as CreateJobRecord;
    const job: ServiceJob = {
      jobId: randomUUID(),
      accountId: request.accountId,
      request: stored,
      createdAt: new Date().toISOString(),
      status: 'New',
      priority: input.Priority,
      tags: [...(input.Tags ?? [])],
      failureReasons: [],
      succeeded: 0,
      failed: 0,
      activeMsBefore: 0,
      activeMs: 0,
      failuresByCode: {},
      samples: [],
    };
    try {
      this.scheduler.specOf(job);
    } catch (error) {
      const field = error instanceof OperationSpecError ? `Operation.${error.field}: ` : '';
      if (error instanceof S3BulkError)
        throw badRequest(`${field}${error.message}`, { cause: error });
      throw error;
    }
    await this.registry.add(job);
    void this.scheduler.prepare(job);
    return writeXml(SHAPES.CreateJobResult, { JobId: job.jobId });
  }

  private listJobs(request: ControlRequest): string {
    const statuses = new Set(request.query.getAll('jobStatuses').flatMap((s) => s.split(',')));
    const max = Math.min(Number(request.query.get('maxResults') ?? MAX_LIST) || MAX_LIST, MAX_LIST);
    const token = request.query.get('nextToken');
    const matching = this.registry
      .all()
      .filter((job) => job.accountId === request.accountId)
      .filter((job) => statuses.size === 0 || statuses.has(job.status));
    // NextToken is the id of the next job to list: stable while jobs are added.
    const start = token ? matching.findIndex((job) => job.jobId === token) : 0;
    if (start < 0) throw badRequest('NextToken is not valid');
    const page = matching.slice(start, start + max);
    const next = matching[start + max];
    const jobs: JobListDescriptor[] = page.map(listDescriptor);
    return writeXml(SHAPES.ListJobsResult, {
      Jobs: jobs,
      ...(next ? { NextToken: next.jobId } : {}),
    });
  }

  private describe(job: ServiceJob): string {
    return writeXml(SHAPES.DescribeJobResult, { Job: describeJob(job, this.region) });
  }

  private priority(job: ServiceJob, query: URLSearchParams): string {
    const priority = Number(query.get('priority'));
    if (!Number.isInteger(priority) || priority < 0 || priority > 2147483647) {
      throw badRequest('priority must be an integer from 0 to 2147483647');
    }
    if (TERMINAL.has(job.status)) {
      throw jobStatusConflict(`job ${job.jobId} is ${job.status}: its priority cannot change`);
    }
    this.scheduler.reprioritise(job, priority);
    return writeXml(SHAPES.UpdateJobPriorityResult, { JobId: job.jobId, Priority: priority });
  }

  private status(job: ServiceJob, query: URLSearchParams): string {
    const requested = query.get('requestedJobStatus') as JobStatus | null;
    const reason = query.get('statusUpdateReason') ?? undefined;
    if (requested === 'Ready') {
      if (job.status !== 'Suspended') {
        throw jobStatusConflict(
          `job ${job.jobId} is ${job.status}, not Suspended: nothing to confirm`,
        );
      }
      this.scheduler.confirm(job, reason);
    } else if (requested === 'Cancelled') {
      if (TERMINAL.has(job.status) || job.status === 'Cancelling' || job.status === 'Completing') {
        throw jobStatusConflict(`job ${job.jobId} is ${job.status}: it cannot be cancelled`);
      }
      this.scheduler.cancel(job, reason);
    } else {
      throw badRequest('requestedJobStatus must be Ready or Cancelled');
    }
    return writeXml(SHAPES.UpdateJobStatusResult, {
      JobId: job.jobId,
      Status: job.status,
      ...(job.statusUpdateReason ? { StatusUpdateReason: job.statusUpdateReason } : {}),
    });
  }

  private async tagging(job: ServiceJob, method: string, body: Buffer): Promise<string> {
    if (method === 'GET') return writeXml(SHAPES.GetJobTaggingResult, { Tags: job.tags });
    if (method === 'PUT') {
      const input = readXml<{ Tags?: S3Tag[] }>(SHAPES.PutJobTaggingRequest, body);
      const tags = input.Tags ?? [];
      if (tags.length > 50) {
        throw new ServiceError('TooManyTagsException', 400, 'a job has at most 50 tags');
      }
      job.tags = tags;
    } else if (method === 'DELETE') {
      job.tags = [];
    } else {
      throw new ServiceError('MethodNotAllowed', 405, `${method} is not allowed on tagging`);
    }
    await this.registry.save(job);
    return '';
  }

  private job(accountId: string, jobId: string): ServiceJob {
    const job = this.registry.get(jobId);
    if (!job || job.accountId !== accountId) throw noSuchJob(jobId);
    return job;
  }
}
