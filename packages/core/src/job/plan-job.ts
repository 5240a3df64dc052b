import { classifyError } from '../s3/errors.js';
import { formatS3Url } from '../s3/url.js';
import { SYNC_REASONS } from '../operations/sync-message.js';
import type { Task, TaskRequests } from '../operations/types.js';
import { taskBatchesOf } from '../engine/task-source.js';
import type { TaskPlanStore } from '../store/plan-record.js';
import type { JobStore } from '../store/types.js';
import { estimateJob } from '../estimate/estimate-job.js';
import { RequestTally } from '../estimate/request-tally.js';
import type { JobEstimate } from '../estimate/types.js';
import { operationContextOf } from './job-settings.js';
import type { OpenedJob } from './open-job.js';

/** What a task that fails before it runs (an unlistable row) sends: nothing. */
const NO_CALLS: TaskRequests = { requests: {} };

/** One task as `plan` shows it. */
export interface PlannedTask {
  readonly id: string;
  readonly action: string;
  readonly object: string;
  readonly destination?: string;
  /** Why a sync task runs: missing at destination, size differs, newer at source, missing at source. */
  readonly reason?: string;
  /** A task that would fail at once (`action: 'fail'`): why, with the manifest's file:line. */
  readonly error?: string;
  /** Its error code (`NoSuchBucket`, ...). */
  readonly code?: string;
}

/** What `s3bulk plan` prints (and its `--json` shape): what `run` would do, nothing done. */
export interface JobPlan {
  /** The job's id: only for `--resume`, since a plan creates no job. */
  readonly jobId?: string;
  readonly operation: string;
  readonly manifest: string;
  /** Tasks `run` would run (for `--resume`: those not yet in the ledger). */
  readonly total: number;
  /** Tasks per action: `copy`/`delete` for sync, the operation's name otherwise. */
  readonly actions: Record<string, number>;
  /** Sync tasks per reason (`missing at destination`, ...), when any. */
  readonly reasons: Record<string, number>;
  /** Tasks already committed in the job's ledger (`--resume` only). */
  readonly alreadyDone: number;
  readonly tasks: readonly PlannedTask[];
  /**
   * Tasks `run` would report failed without trying them: prefix rows that cannot be listed (a
   * missing bucket, a refused endpoint), one task each, as `run` reports them. All of them.
   */
  readonly failing: readonly PlannedTask[];
  /** Requests, bytes and the price in each executor, counted from these tasks (docs/cost.md). */
  readonly estimate: JobEstimate;
}

export interface PlanOptions {
  /** How many of the first tasks to list. @default 10 */
  readonly show?: number;
  /** The region prices come from. @default the region the job's clients resolved */
  readonly region?: string;
}

/**
 * Expand the job's manifest into tasks exactly as `run` would (sync rows list both sides; a
 * resumed job's prefix rows replay their persisted plans), and count them. Only reads: no job
 * folder, no report, no object is written.
 */
export async function planJob(job: OpenedJob, options: PlanOptions = {}): Promise<JobPlan> {
  const show = options.show ?? 10;
  const controller = new AbortController();
  const tally = new RequestTally();
  const onRequest = (request: string) => tally.count(request);
  const done = job.resumed ? await committedTaskIds(job.store) : new Set<string>();
  const actions: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  const tasks: PlannedTask[] = [];
  const failing: PlannedTask[] = [];
  let total = 0;
  try {
    const context = {
      ...operationContextOf(job.spec, job.clients),
      signal: controller.signal,
      onRequest,
    };
    const plans = job.resumed ? readOnlyPlans(job.store) : undefined;
    const source = taskBatchesOf(
      job.manifestBatches({ onRequest }),
      job.operation,
      context,
      () => undefined,
      plans,
    );
    for await (const batch of source) {
      for (const task of batch) {
        if (done.has(task.id)) continue;
        tally.addTask(task, task.failure ? NO_CALLS : job.operation.requestsOf?.(task, context));
        const action =
          task.failure !== undefined ? 'fail' : (task.action ?? actionOf(job.operation.name, task));
        actions[action] = (actions[action] ?? 0) + 1;
        const reason = task.reason ? (SYNC_REASONS[task.reason] ?? task.reason) : undefined;
        if (reason) reasons[reason] = (reasons[reason] ?? 0) + 1;
        total++;
        const planned = plannedTask(task, action, reason);
        if (task.failure !== undefined) failing.push(planned);
        if (tasks.length < show) tasks.push(planned);
      }
    }
  } finally {
    controller.abort();
  }
  return {
    ...(job.resumed ? { jobId: job.spec.jobId } : {}),
    operation: job.operation.name,
    manifest: describeManifest(job),
    total,
    actions,
    reasons,
    alreadyDone: done.size,
    tasks,
    failing,
    estimate: estimateJob(tally, {
      operation: job.operation.name,
      region: options.region ?? (await job.clients.config.source.region()),
    }),
  };
}

function actionOf(operationName: string, task: Task): string {
  return operationName === 'S3BulkPairs' || task.destination ? 'copy' : operationName;
}

function plannedTask(task: Task, action: string, reason: string | undefined): PlannedTask {
  const { object, destination } = task;
  return {
    id: task.id,
    action,
    object: formatS3Url(object.bucket, object.key),
    ...(destination ? { destination: formatS3Url(destination.bucket, destination.key) } : {}),
    ...(reason ? { reason } : {}),
    ...(task.failure !== undefined ? failureOf(task.failure) : {}),
  };
}

/** A failing task's message and code, as the report would carry them. */
function failureOf(failure: unknown): Pick<PlannedTask, 'error' | 'code'> {
  const { code, message } = classifyError(failure);
  return { error: failure instanceof Error ? failure.message : message, code };
}

/** The job's plans to replay, never appended to: `plan` writes nothing. */
function readOnlyPlans(store: JobStore): TaskPlanStore | undefined {
  const { readPlan } = store;
  if (!readPlan) return undefined;
  return { readPlan: (rowId) => readPlan.call(store, rowId), appendPlan: async () => undefined };
}

async function committedTaskIds(store: JobStore): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const result of store.readResults()) ids.add(result.taskId);
  return ids;
}

function describeManifest(job: OpenedJob): string {
  const manifest = job.spec.manifest;
  return manifest.format === 'generate'
    ? `listing of ${formatS3Url(manifest.bucket, manifest.prefix ?? '')}`
    : `${manifest.format} manifest ${manifest.location}`;
}
