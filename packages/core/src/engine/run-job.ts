import { setMaxListeners } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { JobError } from '../errors.js';
import type { OperationContext, Task } from '../operations/types.js';
import { AdaptiveLimiter } from './adaptive-limiter.js';
import { validateEngineSettings } from './engine-settings.js';
import { failureThresholdExceeded, failureThresholdReason } from './failure-threshold.js';
import { JobCountersTracker } from './job-counters.js';
import { writeJobReport } from '../report/job-report.js';
import { assertJobId } from './job-id.js';
import { readCommittedWork, type CommittedWork } from '../store/load-job.js';
import { planStoreOf } from '../store/plan-record.js';
import { ResultLedger } from '../store/result-ledger.js';
import { runTask, type TaskRunnerDeps } from './run-task.js';
import { pumpTasks } from './task-pump.js';
import { prepareManifest, taskBatchesOf, type PreparedManifest } from './task-source.js';
import type { JobEvent, JobState, JobStatus, JobSummary, TaskResult } from './types.js';
import type { RunJobOptions } from './run-job-options.js';

/**
 * Run a job to its end, as S3 Batch Operations would: New, Preparing (the manifest is read once
 * and every ManifestError thrown before anything is written), Active, Completing (the report is
 * built from the ledger), Complete; or Failing/Failed past the failure threshold, or
 * Cancelling/Cancelled when `signal` aborts. Results already in the store's ledger are not run
 * again, so calling it again with the same store resumes the job.
 */
export async function runJob(options: RunJobOptions): Promise<JobSummary> {
  assertJobId(options.spec.jobId);
  validateEngineSettings(options.settings);
  return new JobRun(options).execute();
}

class JobRun {
  private readonly started = Date.now();
  private readonly counters = new JobCountersTracker();
  private readonly stop = new AbortController();
  private readonly ledger: ResultLedger;
  private readonly limiter: AdaptiveLimiter;
  private status: JobStatus = 'New';
  private failureReason: string | undefined;
  private reportPath: string | undefined;
  private fatal: unknown;
  private stateWrites: Promise<unknown> = Promise.resolve();
  private stateWriteFailed = false;
  /** Tasks with results from earlier runs (a resume): the rate counts only this run's. */
  private doneBefore = 0;

  constructor(private readonly options: RunJobOptions) {
    this.ledger = new ResultLedger(options.store, options.ledger);
    const { concurrency, minConcurrency } = options.settings;
    this.limiter = new AdaptiveLimiter({ max: concurrency, min: minConcurrency });
    this.counters.concurrency = concurrency;
    // Every waiting worker listens for the stop: as many listeners as the concurrency.
    setMaxListeners(0, this.stop.signal);
  }

  async execute(): Promise<JobSummary> {
    try {
      return await this.lifecycle();
    } finally {
      await this.options.store.close?.();
    }
  }

  private async lifecycle(): Promise<JobSummary> {
    const { options } = this;
    this.emit({ type: 'status', status: 'New' });
    this.setStatus('Preparing', false);
    // A job being resumed is locked before its manifest is read again, so a second run of it is
    // refused at once; a new job's folder appears only once its manifest is known good.
    if (options.store.lock && (await options.store.readSpec())) await options.store.lock();
    let prepared: PreparedManifest;
    try {
      prepared = await prepareManifest(options.manifest(), options.operation, options.signal);
    } catch (error) {
      // Cancelled while preparing: nothing was written, nothing to resume.
      if (!options.signal?.aborted) throw error;
      this.setStatus('Cancelled', false);
      return this.summary();
    }
    // Only now, with a manifest known to be good, is anything written.
    await options.store.lock?.();
    await this.ensureSpec();
    const committed = await readCommittedWork(options.store);
    this.counters.total = prepared.objectEntries;
    this.counters.succeeded = committed.succeeded;
    this.counters.failed = committed.failed;
    this.counters.bytes = committed.bytes;
    this.doneBefore = committed.succeeded + committed.failed;

    const onAbort = () => this.halt('Cancelling');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) this.halt('Cancelling');
    else this.setStatus('Active');
    const ticker = setInterval(() => this.tick(), options.progressIntervalMs ?? 500);
    ticker.unref();
    try {
      this.checkThreshold();
      if (!this.stop.signal.aborted) await this.pump(committed);
      await this.ledger.flush();
    } catch (error) {
      this.fatal ??= error;
    } finally {
      clearInterval(ticker);
      options.signal?.removeEventListener('abort', onAbort);
    }
    return this.finish();
  }

  private async pump(committed: CommittedWork): Promise<void> {
    const { options } = this;
    // Operations see no abort on a graceful stop: an attempt under way finishes. Every request
    // in flight may listen on this signal.
    const signal = new AbortController().signal;
    setMaxListeners(0, signal);
    const context: OperationContext = { ...options.context, signal };
    // Prefix rows are planned in the store, so a resume reports what the first run planned.
    const onDiscovered = (extra: number) => {
      this.counters.total += extra;
    };
    const plans = planStoreOf(options.store);
    const pending = uncommitted(
      taskBatchesOf(options.manifest(), options.operation, context, onDiscovered, plans),
      committed,
    );
    // One set for every task, not an object and two closures per task.
    const deps: TaskRunnerDeps = {
      operation: options.operation,
      context,
      limiter: this.limiter,
      settings: options.settings,
      stop: this.stop.signal,
      onRetry: () => this.counters.retries++,
      onThrottle: (concurrency) => {
        this.counters.concurrency = concurrency;
        this.emit({ type: 'throttled', concurrency });
      },
    };
    await pumpTasks(pending, {
      concurrency: options.settings.concurrency,
      stop: this.stop.signal,
      onError: () => this.stop.abort(),
      handle: async (task) => {
        this.counters.inFlight++;
        let result: TaskResult | undefined;
        try {
          result = await runTask(task, deps);
        } finally {
          this.counters.inFlight--;
        }
        if (result) await this.record(result, committed);
      },
    });
  }

  private async record(result: TaskResult, committed: CommittedWork): Promise<void> {
    // The same task id twice (a manifest with a repeated expansion) is reported once.
    if (!committed.tasks.add(result.taskId, result.seq)) return;
    if (result.status === 'succeeded') this.counters.succeeded++;
    else this.counters.failed++;
    this.counters.bytes += result.bytes ?? 0;
    this.counters.concurrency = this.limiter.limit;
    this.emit({ type: 'task', result });
    await this.ledger.add(result);
    this.checkThreshold();
  }

  private checkThreshold(): void {
    const { succeeded, failed } = this.counters;
    const threshold = this.options.settings.failureThreshold;
    if (this.status !== 'Active' || !failureThresholdExceeded(succeeded, failed, threshold)) return;
    this.failureReason = this.thresholdReason();
    this.halt('Failing');
  }

  private thresholdReason(): string {
    const { succeeded, failed } = this.counters;
    return failureThresholdReason(succeeded, failed, this.options.settings.failureThreshold);
  }

  /** Graceful stop: no new task or attempt starts; attempts under way finish. */
  private halt(status: 'Failing' | 'Cancelling'): void {
    if (this.status === 'Failing' || this.status === 'Cancelling') return;
    this.setStatus(status);
    this.stop.abort();
  }

  private async finish(): Promise<JobSummary> {
    if (this.fatal !== undefined) {
      this.failureReason = `stopped by an error: ${(this.fatal as Error).message ?? String(this.fatal)}`;
      this.setStatus('Failed');
      await this.settleState();
      throw this.fatal;
    }
    if (this.status === 'Cancelling') {
      // S3 Batch Operations reports what a cancelled job did; the CLI's Ctrl-C (a pause it
      // resumes from) does not ask for it.
      if (this.options.reportWhenCancelled) {
        this.reportPath = await writeJobReport(
          this.options.spec,
          this.options.store,
          this.options.reportClient ?? this.options.context.s3.destination,
        );
      }
      this.setStatus('Cancelled');
    } else {
      const failing = this.status === 'Failing';
      // Tasks in flight when the threshold was crossed have finished since: the reason counts
      // them too, so it agrees with the summary.
      if (failing) this.failureReason = this.thresholdReason();
      if (!failing) this.setStatus('Completing');
      // A failed report leaves the state at Completing/Failing: a resume writes it again.
      this.reportPath = await writeJobReport(
        this.options.spec,
        this.options.store,
        this.options.reportClient ?? this.options.context.s3.destination,
      );
      this.setStatus(failing ? 'Failed' : 'Complete');
    }
    await this.settleState();
    this.emitProgress();
    return this.summary();
  }

  private summary(): JobSummary {
    const counters = this.counters.snapshot();
    return {
      jobId: this.options.spec.jobId,
      status: this.status,
      total: counters.total ?? this.counters.done,
      succeeded: counters.succeeded,
      failed: counters.failed,
      ...(this.reportPath ? { reportPath: this.reportPath } : {}),
      durationMs: Date.now() - this.started,
      ...(this.failureReason ? { failureReason: this.failureReason } : {}),
    };
  }

  private async ensureSpec(): Promise<void> {
    const { spec, store } = this.options;
    const stored = await store.readSpec();
    if (stored && stored.jobId !== spec.jobId) {
      throw new JobError(
        `${store.location} holds job ${stored.jobId}, not ${spec.jobId}`,
        'JobSpecMismatch',
      );
    }
    // A resume may send the report elsewhere: where it goes is not part of what the job does.
    if (!stored || !isDeepStrictEqual(stored.report, spec.report)) await store.writeSpec(spec);
  }

  private setStatus(status: JobStatus, persist = true): void {
    this.status = status;
    this.emit({ type: 'status', status });
    if (persist) this.writeState();
  }

  private tick(): void {
    this.emitProgress();
    this.writeState();
  }

  private emitProgress(): void {
    this.emit({
      type: 'progress',
      counters: this.counters.snapshot(),
      elapsedMs: Date.now() - this.started,
      doneBefore: this.doneBefore,
    });
  }

  /** Queue a state write; writes never overlap, and a failed one is retried by the next. */
  private writeState(): void {
    const state: JobState = {
      status: this.status,
      counters: this.counters.snapshot(),
      updatedAt: new Date().toISOString(),
      ...(this.reportPath ? { reportPath: this.reportPath } : {}),
      ...(this.failureReason ? { failureReason: this.failureReason } : {}),
    };
    this.stateWrites = this.stateWrites
      .then(() => this.options.store.writeState(state))
      .then(
        () => (this.stateWriteFailed = false),
        () => (this.stateWriteFailed = true),
      );
  }

  /**
   * Wait for the state writes queued so far, and write once more if the last one failed. Every
   * caller has just set the final status, which queued a write of the final counters: writing
   * the same state again would only cost two more fsyncs at the end of every job.
   */
  private async settleState(): Promise<void> {
    await this.stateWrites;
    if (!this.stateWriteFailed) return;
    this.writeState();
    await this.stateWrites;
  }

  private emit(event: JobEvent): void {
    this.options.onEvent?.(event);
  }
}

/** The pump's source: the tasks of `batches` that no earlier run committed, one at a time. */
async function* uncommitted(
  batches: AsyncIterable<Iterable<Task>>,
  committed: CommittedWork,
): AsyncGenerator<Task> {
  for await (const batch of batches) {
    for (const task of batch) if (!committed.tasks.has(task.id, task.seq)) yield task;
  }
}
