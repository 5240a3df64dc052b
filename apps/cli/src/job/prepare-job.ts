import {
  DEFAULT_ENGINE_SETTINGS,
  JobError,
  LocalJobStore,
  createJobId,
  parseOperation,
  type EngineSettings,
  type JobSpec,
  type Operation,
} from '@s3bulk/core';
import type { JobFlags } from './flags.js';
import { engineFlagsFrom, jobSpecFrom } from './job-spec.js';
import type { FormatGuesser } from './manifest-input.js';
import { assertSameJob, jobFolder, reviveSpec, typedJobFlags } from './resume.js';

/** A job ready to run or plan: its spec, its folder, and whether it is being resumed. */
export interface PreparedJob {
  readonly spec: JobSpec;
  /** The spec's operation, validated: a bad one is a usage error before anything starts. */
  readonly operation: Operation;
  readonly store: LocalJobStore;
  readonly settings: EngineSettings;
  readonly resumed: boolean;
}

/**
 * The composition root's first step: a new job from the flags, or (`--resume <id>`) the job
 * from its folder, with only `--concurrency` and `--attempt-timeout` allowed to change. Nothing is written here.
 */
export async function prepareJob(
  flags: JobFlags,
  argv: readonly string[],
  guessFormat: FormatGuesser,
): Promise<PreparedJob> {
  if (!flags.resume) {
    const spec = await jobSpecFrom(flags, createJobId(), guessFormat);
    return {
      spec,
      operation: parseOperation(spec.operation),
      store: LocalJobStore.forJob(spec.jobId, flags['job-dir']),
      settings: engineSettingsOf(spec),
      resumed: false,
    };
  }

  const store = LocalJobStore.forJob(flags.resume, flags['job-dir']);
  const stored = await store.readSpec();
  if (!stored) {
    throw new JobError(
      `No job ${flags.resume} in ${jobFolder(flags['job-dir'], flags.resume)}. ` +
        'Check the id and pass the --job-dir the job was started with.',
      'JobNotFound',
    );
  }
  const typed = typedJobFlags(argv);
  if (typed.length > 0) {
    await assertSameJob(stored, flags, typed, guessFormat);
  }
  const spec = reviveSpec({ ...stored, engine: { ...stored.engine, ...engineFlagsFrom(flags) } });
  return {
    spec,
    operation: parseOperation(spec.operation),
    store,
    settings: engineSettingsOf(spec),
    resumed: true,
  };
}

function engineSettingsOf(spec: JobSpec): EngineSettings {
  return { ...DEFAULT_ENGINE_SETTINGS, ...spec.engine };
}
