import {
  AssumeRoleError,
  jobSpecFromCreateJob,
  type AwsSettings,
  type JobEvent,
  type JobSpec,
  type JobStatus,
} from '@s3bulk/core';
import { TERMINAL, type JobRegistry } from './job-registry.js';
import type { JobRuntime, ServiceJob } from './types.js';

export interface SchedulerOptions {
  /** Jobs Active at once at most; the others wait in Ready, higher Priority first. */
  readonly maxActiveJobs: number;
  /** Where the jobs' S3 (and Lambda, DynamoDB) calls go. */
  readonly aws: AwsSettings;
  readonly engine?: JobSpec['engine'];
  /** Run each job as its `RoleArn` (assumed through STS); else with the server's credentials. */
  readonly assumeRole?: boolean;
  readonly log: (line: string) => void;
}

/** Throughput samples kept per job: enough for the console's chart, small on disk. */
const MAX_SAMPLES = 120;
/** A running job's record is written at most this often (progress counters). */
const SAVE_INTERVAL_MS = 1000;

/**
 * The job lifecycle of S3 Batch Operations: New -> Preparing -> Suspended (confirmation) ->
 * Ready -> Active -> Complete / Failed / Cancelled. Ready jobs start by Priority, at most
 * `maxActiveJobs` at a time; what runs them is the `JobRuntime`.
 */
export class JobScheduler {
  private readonly running = new Map<string, AbortController>();
  private readonly lastSaved = new Map<string, number>();

  constructor(
    private readonly registry: JobRegistry,
    private readonly runtime: JobRuntime,
    private readonly options: SchedulerOptions,
  ) {}

  /** The spec a job runs with: derived from its CreateJob request every time, never stored twice. */
  specOf(job: ServiceJob): ReturnType<typeof jobSpecFromCreateJob> {
    return jobSpecFromCreateJob(job.request, {
      jobId: job.jobId,
      createdAt: job.createdAt,
      aws: this.options.aws,
      ...(this.options.engine ? { engine: this.options.engine } : {}),
    });
  }

  /** After a restart: prepare what was being prepared, run what was running or waiting. */
  recover(): void {
    for (const job of this.registry.all()) {
      if (job.status === 'New' || job.status === 'Preparing') void this.prepare(job);
    }
    this.pump();
  }

  /** A new job: Preparing now, then Suspended or Ready. */
  async prepare(job: ServiceJob): Promise<void> {
    this.transition(job, 'Preparing');
    try {
      const { spec, manifestObject } = this.specOf(job);
      const prepared = await this.runtime.prepare(spec, {
        ...this.access(job),
        ...(manifestObject ? { manifestObject } : {}),
      });
      job.total = prepared.total;
      if (prepared.generatedManifest) job.generatedManifest = prepared.generatedManifest;
    } catch (error) {
      // A role STS refuses fails the job with STS's code (AccessDenied, ...), as the service does.
      const code = error instanceof AssumeRoleError ? error.code : 'ManifestCheckFailed';
      this.fail(job, code, (error as Error).message);
      return;
    }
    if (job.status !== 'Preparing') return; // cancelled meanwhile
    if (job.request.ConfirmationRequired) {
      job.suspendedAt = new Date().toISOString();
      job.suspendedCause = 'AwaitingConfirmation';
      this.transition(job, 'Suspended');
    } else {
      this.transition(job, 'Ready');
      this.pump();
    }
  }

  /** UpdateJobStatus Ready: a Suspended job may run. */
  confirm(job: ServiceJob, reason?: string): void {
    if (reason) job.statusUpdateReason = reason;
    this.transition(job, 'Ready');
    // After the answer (Status Ready, as the service says) is written.
    setImmediate(() => this.pump());
  }

  /** UpdateJobStatus Cancelled: an Active job stops gracefully and still writes its report. */
  cancel(job: ServiceJob, reason?: string): void {
    if (reason) job.statusUpdateReason = reason;
    const controller = this.running.get(job.jobId);
    if (controller) {
      this.transition(job, 'Cancelling');
      controller.abort();
      return;
    }
    job.terminatedAt = new Date().toISOString();
    this.transition(job, 'Cancelled');
  }

  /** UpdateJobPriority: waiting jobs are reordered; a running one keeps running. */
  reprioritise(job: ServiceJob, priority: number): void {
    job.priority = priority;
    void this.registry.save(job);
    this.pump();
  }

  /** Stop every running job gracefully (server shutdown); they resume on the next start. */
  async stop(): Promise<void> {
    for (const controller of this.running.values()) controller.abort('shutdown');
    await this.registry.flush();
  }

  /** Start Ready jobs (and resume interrupted ones) while there is room. */
  private pump(): void {
    const waiting = this.registry
      .all()
      .filter((job) => !this.running.has(job.jobId) && runnable(job.status))
      // Interrupted jobs first (they held a slot), then by Priority, then oldest first.
      .sort(
        (a, b) =>
          Number(b.status !== 'Ready') - Number(a.status !== 'Ready') ||
          b.priority - a.priority ||
          (a.createdAt < b.createdAt ? -1 : 1),
      );
    for (const job of waiting) {
      if (this.running.size >= this.options.maxActiveJobs) return;
      void this.start(job);
    }
  }

  private async start(job: ServiceJob): Promise<void> {
    const controller = new AbortController();
    this.running.set(job.jobId, controller);
    // A job cancelled while the server was down finishes cancelling now.
    if (job.status === 'Cancelling') controller.abort();
    else this.transition(job, 'Active');
    job.activeMsBefore += job.activeMs;
    job.activeMs = 0;
    try {
      const { spec } = this.specOf(job);
      const summary = await this.runtime.run(spec, {
        ...this.access(job),
        signal: controller.signal,
        onEvent: (event) => this.observe(job, event),
      });
      if (controller.signal.reason === 'shutdown') return;
      job.total = summary.total;
      job.succeeded = summary.succeeded;
      job.failed = summary.failed;
      if (summary.reportPath) job.reportPath = summary.reportPath;
      if (summary.status === 'Failed') {
        this.fail(job, 'TaskFailureThresholdExceeded', summary.failureReason ?? 'job failed');
      } else {
        job.terminatedAt = new Date().toISOString();
        this.transition(job, summary.status);
      }
    } catch (error) {
      if (controller.signal.reason !== 'shutdown') {
        this.fail(job, (error as { code?: string }).code ?? 'JobFailed', (error as Error).message);
      }
    } finally {
      this.running.delete(job.jobId);
      this.pump();
    }
  }

  /** Where the job's folder is, and the role its clients use when the server assumes roles. */
  private access(job: ServiceJob): { jobsDir: string; roleArn?: string } {
    const roleArn = this.options.assumeRole ? job.request.RoleArn : undefined;
    return { jobsDir: this.registry.jobsDir, ...(roleArn ? { roleArn } : {}) };
  }

  private observe(job: ServiceJob, event: JobEvent): void {
    if (event.type === 'status') {
      // The runtime's own New/Preparing are part of the service's Active.
      if (['Completing', 'Failing', 'Cancelling'].includes(event.status)) {
        this.transition(job, event.status);
      }
      return;
    }
    if (event.type === 'task' && event.result.status === 'failed') {
      const code = event.result.errorCode ?? 'Unknown';
      job.failuresByCode[code] = (job.failuresByCode[code] ?? 0) + 1;
    }
    if (event.type !== 'progress') return;
    const { counters } = event;
    if (counters.total !== undefined) job.total = counters.total;
    job.succeeded = counters.succeeded;
    job.failed = counters.failed;
    job.activeMs = event.elapsedMs;
    job.samples.push({ at: new Date().toISOString(), done: counters.succeeded + counters.failed });
    if (job.samples.length > MAX_SAMPLES) job.samples.splice(0, job.samples.length - MAX_SAMPLES);
    const now = Date.now();
    if (now - (this.lastSaved.get(job.jobId) ?? 0) >= SAVE_INTERVAL_MS) {
      this.lastSaved.set(job.jobId, now);
      void this.registry.save(job);
    }
  }

  private fail(job: ServiceJob, code: string, reason: string): void {
    job.failureReasons.push({ FailureCode: code, FailureReason: reason });
    job.statusUpdateReason = reason;
    job.terminatedAt = new Date().toISOString();
    this.transition(job, 'Failed');
  }

  private transition(job: ServiceJob, status: JobStatus): void {
    if (TERMINAL.has(job.status)) return;
    job.status = status;
    void this.registry.save(job);
    this.options.log(`job ${job.jobId} ${status}`);
  }
}

/** States in which a job holds (or waits for) an active slot. */
function runnable(status: JobStatus): boolean {
  return ['Ready', 'Active', 'Completing', 'Failing', 'Cancelling'].includes(status);
}
