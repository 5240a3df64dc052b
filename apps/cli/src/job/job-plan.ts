import { formatS3Url, openManifest, tasksOf, type Task } from '@s3bulk/core';
import {
  assertRegionKnown,
  createJobClients,
  operationContextOf,
  operationSettingsOf,
} from './clients.js';
import type { PreparedJob } from './prepare-job.js';

/** One task as `plan` shows it. */
export interface PlannedTask {
  readonly id: string;
  readonly action: string;
  readonly object: string;
  readonly destination?: string;
}

/** What `s3bulk plan` prints (and its `--json` shape): what `run` would do, nothing done. */
export interface JobPlan {
  readonly jobId: string;
  readonly operation: string;
  readonly manifest: string;
  /** Tasks `run` would run (for `--resume`: those not yet in the ledger). */
  readonly total: number;
  /** Tasks per action: `copy`/`delete` for sync, the operation's name otherwise. */
  readonly actions: Record<string, number>;
  /** Tasks already committed in the job's ledger (`--resume` only). */
  readonly alreadyDone: number;
  readonly tasks: readonly PlannedTask[];
}

/**
 * Expand the job's manifest into tasks exactly as `run` would (sync rows list both sides), and
 * count them. Only reads: no job folder, no report, no object is written.
 */
export async function planJob(job: PreparedJob, show: number): Promise<JobPlan> {
  const { spec, settings } = job;
  const { operation } = job;
  const clients = createJobClients(spec.aws, settings.concurrency);
  try {
    await assertRegionKnown(clients);
  } catch (error) {
    clients.destroy();
    throw error;
  }
  const controller = new AbortController();
  const done = job.resumed ? await committedTaskIds(job) : new Set<string>();
  const actions: Record<string, number> = {};
  const tasks: PlannedTask[] = [];
  let total = 0;
  try {
    const context = {
      ...operationContextOf(
        spec.jobId,
        clients,
        operationSettingsOf(spec.aws, spec.operationSettings),
      ),
      signal: controller.signal,
    };
    const manifest = openManifest(spec.manifest, {
      s3: clients.source,
      ...(spec.aws.expectedSourceBucketOwner
        ? { expectedBucketOwner: spec.aws.expectedSourceBucketOwner }
        : {}),
    });
    // A resumed job's prefix rows come from their persisted plans, as `run --resume` takes them.
    const plans = job.resumed ? readOnlyPlans(job.store) : undefined;
    for await (const task of tasksOf(manifest, operation, context, () => undefined, plans)) {
      if (done.has(task.id)) continue;
      const action = task.action ?? actionOf(operation.name, task);
      actions[action] = (actions[action] ?? 0) + 1;
      total++;
      if (tasks.length < show) tasks.push(plannedTask(task, action));
    }
  } finally {
    controller.abort();
    clients.destroy();
  }
  return {
    jobId: spec.jobId,
    operation: operation.name,
    manifest: describeManifest(job),
    total,
    actions,
    alreadyDone: done.size,
    tasks,
  };
}

function actionOf(operationName: string, task: Task): string {
  return operationName === 'S3BulkPairs' || task.destination ? 'copy' : operationName;
}

function plannedTask(task: Task, action: string): PlannedTask {
  const { object, destination } = task;
  return {
    id: task.id,
    action,
    object: formatS3Url(object.bucket, object.key),
    ...(destination ? { destination: formatS3Url(destination.bucket, destination.key) } : {}),
  };
}

/** The job's plans to replay, never appended to: `plan` writes nothing. */
function readOnlyPlans(store: PreparedJob['store']): Parameters<typeof tasksOf>[4] {
  return {
    readPlan: (rowId) => store.readPlan(rowId),
    appendPlan: async () => undefined,
  };
}

async function committedTaskIds(job: PreparedJob): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const result of job.store.readResults()) ids.add(result.taskId);
  return ids;
}

function describeManifest(job: PreparedJob): string {
  const manifest = job.spec.manifest;
  return manifest.format === 'generate'
    ? `listing of ${formatS3Url(manifest.bucket, manifest.prefix ?? '')}`
    : `${manifest.format} manifest ${manifest.location}`;
}
