import {
  JobError,
  LocalJobStore,
  createJobId,
  loadJobSpec,
  readStoredSpec,
  withJobIdentity,
  type JobSpec,
  type JobSpecDraft,
} from '@s3bulk/core';
import { AWS_FLAGS, ENGINE_FLAGS, JOB_DEFINING_FLAGS, type JobFlags } from './flags.js';
import { awsSettingsFrom, jobSpecFrom } from './job-spec.js';
import { jobFolder, overrideSpec, resumeWithFlags, typedFlags, withMachineAws } from './resume.js';

/** A job ready to open: its spec, its folder, and where it came from. */
export interface PreparedJob {
  readonly spec: JobSpec;
  readonly store: LocalJobStore;
  readonly resumed: boolean;
  /** Flags that overrode the job file (`--spec`), as typed. */
  readonly overrides: readonly string[];
  /** A new job as a job file, without its id (`plan --save-spec` writes it). */
  readonly draft?: JobSpecDraft;
}

/**
 * The CLI's translation of its input into a job: flags, or a job file (`--spec`) with the flags
 * typed beside it overriding its fields, or (`--resume <id>`) the job from its folder with only
 * how it runs and where its report goes allowed to change. Nothing is written here.
 */
export async function prepareJob(
  flags: JobFlags,
  argv: readonly string[],
  onNote: (message: string) => void,
): Promise<PreparedJob> {
  if (flags.resume) {
    const store = LocalJobStore.forJob(flags.resume, flags['job-dir']);
    const stored = await readStoredSpec(store);
    if (!stored) {
      throw new JobError(
        `No job ${flags.resume} in ${jobFolder(flags['job-dir'], flags.resume)}. ` +
          'Check the id and pass the --job-dir the job was started with.',
        'JobNotFound',
      );
    }
    const spec = await resumeWithFlags(stored, flags, argv, onNote);
    return { spec, store, resumed: true, overrides: [] };
  }
  const { draft, overrides } = await draftOf(flags, argv, onNote);
  const spec = withJobIdentity(draft, createJobId());
  return {
    spec,
    store: LocalJobStore.forJob(spec.jobId, flags['job-dir']),
    resumed: false,
    overrides,
    draft,
  };
}

/** The job as the flags or the job file describe it, before it has an id (`plan --save-spec`). */
export async function draftOf(
  flags: JobFlags,
  argv: readonly string[],
  onNote: (message: string) => void,
): Promise<{ draft: JobSpecDraft; overrides: string[] }> {
  if (!flags.spec) return { draft: await jobSpecFrom(flags, onNote), overrides: [] };
  const file = await loadJobSpec(flags.spec, awsSettingsFrom(flags));
  const typed = typedFlags(argv, [...JOB_DEFINING_FLAGS, ...ENGINE_FLAGS, ...AWS_FLAGS]);
  const { spec, changed } = await overrideSpec(file, flags, typed, onNote);
  const { jobId: _jobId, createdAt: _createdAt, ...draft } = withMachineAws(spec, flags);
  return { draft, overrides: changed };
}
