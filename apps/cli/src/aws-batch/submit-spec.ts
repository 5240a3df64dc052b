import {
  ConfigError,
  DEFAULT_JOBS_DIR,
  assertJobId,
  withJobIdentity,
  type JobSpec,
  type ManifestFormat,
} from '@s3bulk/core';
import { draftOf } from '../job/prepare-job.js';

/** The flags of `s3bulk submit` that say what the job is (the rest say where it runs). */
export interface SubmitSpecFlags {
  readonly spec?: string | undefined;
  readonly manifest?: string | undefined;
  readonly format?: ManifestFormat | 'object' | undefined;
  readonly header: boolean;
  readonly fields?: string | undefined;
  readonly operation?: string | undefined;
  readonly 'operation-file'?: string | undefined;
  readonly 'sync-delete': boolean;
  readonly report?: string | undefined;
  readonly 'report-scope'?: 'AllTasks' | 'FailedTasksOnly' | undefined;
  readonly concurrency?: number | undefined;
  readonly 'endpoint-url'?: string | undefined;
  readonly region?: string | undefined;
}

/**
 * The job `submit` sends, by the CLI's one translation (that of `run`, `plan` and `batchops
 * create`): the flags, or the job file of `--spec` with the flags typed beside it over its
 * fields. Returns the spec under `jobId` and the flags that overrode the job file.
 */
export async function submitSpecFrom(
  flags: SubmitSpecFlags,
  argv: readonly string[],
  jobId: string,
  onNote: (message: string) => void,
): Promise<{ spec: JobSpec; overridden: string[] }> {
  if (!flags.spec && !flags.manifest) {
    throw new ConfigError(
      'Missing --manifest (a local file, uploaded first, or s3://bucket/key) or --spec job.json.',
    );
  }
  const { draft, overrides } = await draftOf(
    { ...flags, 'report-scope': flags['report-scope'] ?? 'AllTasks', 'job-dir': DEFAULT_JOBS_DIR },
    argv,
    onNote,
  );
  // A job file is a job's recipe; each submit is a new job unless --resume names one.
  return {
    spec: withJobIdentity(draft, assertJobId(jobId)),
    overridden: overrides.map((flag) => `--${flag}`),
  };
}
