import { JobError } from '../errors.js';
import { CommittedTasks } from './committed-tasks.js';
import type { JobState } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';
import type { JobStore } from '../store/types.js';

/** A stored job, as `--resume` and `jobs describe` see it. */
export interface LoadedJob {
  readonly spec: JobSpec;
  readonly state: JobState | undefined;
}

/** Read a job's spec and state; throws `JobError` when the store holds no job. */
export async function loadJob(store: JobStore): Promise<LoadedJob> {
  const spec = await store.readSpec();
  if (!spec) {
    throw new JobError(`no job at ${store.location} (no spec.json)`, 'JobNotFound');
  }
  if (spec.version !== 1) {
    throw new JobError(
      `${store.location}: unsupported job spec version ${String(spec.version)}`,
      'JobSpecVersion',
    );
  }
  return { spec, state: await store.readState() };
}

/** What the ledger already holds: the task ids to skip and the counts they contribute. */
export interface CommittedWork {
  readonly tasks: CommittedTasks;
  readonly succeeded: number;
  readonly failed: number;
  readonly bytes: number;
}

/** Read the ledger once (streamed): committed tasks are not run again. */
export async function readCommittedWork(store: JobStore): Promise<CommittedWork> {
  const tasks = new CommittedTasks();
  let succeeded = 0;
  let failed = 0;
  let bytes = 0;
  for await (const result of store.readResults()) {
    if (!tasks.add(result.taskId, result.seq)) continue;
    if (result.status === 'succeeded') succeeded++;
    else failed++;
    bytes += result.bytes ?? 0;
  }
  return { tasks, succeeded, failed, bytes };
}
