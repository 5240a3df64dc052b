import type { EngineSettings } from '../engine/types.js';
import { JobError } from '../errors.js';
import type { ReportSpec } from '../report/types.js';
import type { JobStore } from '../store/types.js';
import { parseJobSpec } from './job-spec.js';
import type { JobSpec } from './types.js';

/**
 * The job a store holds, checked against the job file schema (dates revived), or undefined
 * when the store holds none. A spec of another version is a `JobError`.
 */
export async function readStoredSpec(store: JobStore): Promise<JobSpec | undefined> {
  const raw = await store.readSpec();
  if (!raw) return undefined;
  if ((raw as { version?: unknown }).version !== 1) {
    throw new JobError(
      `${store.location}: unsupported job spec version ${String((raw as { version?: unknown }).version)}`,
      'JobSpecVersion',
    );
  }
  const spec = parseJobSpec(raw, `${store.location} (spec.json)`);
  if (!spec.jobId || !spec.createdAt) {
    throw new JobError(`${store.location}: spec.json names no job id`, 'JobSpecMismatch');
  }
  return spec as JobSpec;
}

/** What a resume may change: how the job runs and where its report goes, not what it does. */
export interface ResumeChanges {
  readonly engine?: Partial<EngineSettings>;
  readonly report?: ReportSpec;
}

/** The stored job with the changes a resume asked for. */
export function resumedSpec(stored: JobSpec, changes: ResumeChanges): JobSpec {
  return {
    ...stored,
    engine: { ...stored.engine, ...changes.engine },
    ...(changes.report ? { report: changes.report } : {}),
  };
}
