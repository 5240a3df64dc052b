import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { JobError, type JobSpec, type ManifestInput } from '@s3bulk/core';
import { JOB_DEFINING_FLAGS, type JobFlags } from './flags.js';
import { awsSettingsFrom, operationSettingsFrom, reportSpecFrom } from './job-spec.js';
import { manifestInputFrom, type FormatGuesser } from './manifest-input.js';
import { readOperationJson } from './operation-input.js';

/** The folder of one job: `<job-dir>/<id>` (default `.s3bulk/jobs/<id>`). */
export function jobFolder(jobsDir: string, jobId: string): string {
  return resolve(join(jobsDir, jobId));
}

/** The command that finishes an interrupted job, as users should type it. */
export function resumeCommand(jobId: string, jobsDir: string, defaultJobsDir: string): string {
  const dir = jobsDir === defaultJobsDir ? '' : ` --job-dir ${quote(jobsDir)}`;
  return `s3bulk run --resume ${jobId}${dir}`;
}

function quote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The job-defining flags typed on the command line (not those from defaults or env vars). */
export function typedJobFlags(argv: readonly string[]): string[] {
  const typed = new Set<string>();
  for (const arg of argv) {
    if (arg === '--') break;
    const name = /^--([a-z-]+)(=|$)/.exec(arg)?.[1];
    if (name && (JOB_DEFINING_FLAGS as readonly string[]).includes(name)) typed.add(name);
    if (arg === '-m') typed.add('manifest');
    if (arg === '-o') typed.add('operation');
    if (arg === '-r') typed.add('report');
  }
  return [...typed];
}

type SpecPart = 'manifest' | 'operation' | 'report' | 'aws' | 'operationSettings';

function partOf(flag: string): SpecPart {
  if (['operation', 'operation-file', 'sync-delete'].includes(flag)) return 'operation';
  if (flag.startsWith('report')) return 'report';
  if (flag.endsWith('-profile') || flag.endsWith('-endpoint-url') || flag.includes('owner'))
    return 'aws';
  if (flag === 'multipart-threshold' || flag === 'part-size') return 'operationSettings';
  return 'manifest';
}

/**
 * `--resume` runs the job as it was created. Flags that describe the same job are fine (the
 * same command line with `--resume` added); flags that would change it are refused.
 */
export async function assertSameJob(
  stored: JobSpec,
  flags: JobFlags,
  typed: readonly string[],
  guessFormat: FormatGuesser,
): Promise<void> {
  const asTyped = await typedSpec(stored, flags, new Set(typed.map(partOf)), guessFormat);
  const offending = typed.filter((flag) => {
    const part = partOf(flag);
    return !isDeepStrictEqual(normalise(stored[part]), normalise(asTyped[part]));
  });
  if (offending.length === 0) return;
  throw new JobError(
    `--resume ${stored.jobId}: ${offending.map((f) => `--${f}`).join(', ')} would change the job. ` +
      'A resumed job keeps what it was created with (see its job folder); only --concurrency, --attempt-timeout and the --failure-threshold-* flags may change. ' +
      'Drop those flags, or start a new job without --resume.',
    'JobSpecMismatch',
  );
}

/** The stored spec with the parts the typed flags touch rebuilt from those flags. */
async function typedSpec(
  stored: JobSpec,
  flags: JobFlags,
  parts: Set<SpecPart>,
  guessFormat: FormatGuesser,
): Promise<JobSpec> {
  const storedManifest = stored.manifest;
  const manifest = parts.has('manifest')
    ? await manifestInputFrom(
        flags.manifest || flags.generate || storedManifest.format === 'generate'
          ? flags
          : { ...flags, manifest: storedManifest.location },
        guessFormat,
      )
    : storedManifest;
  const aws = awsSettingsFrom(flags);
  return {
    ...stored,
    manifest,
    ...(parts.has('operation')
      ? {
          operation: await readOperationJson({
            operation: flags.operation,
            operationFile: flags['operation-file'],
            syncDelete: flags['sync-delete'],
            pairs: manifest.format === 'pairs',
          }),
        }
      : {}),
    ...(parts.has('report') ? { report: reportSpecFrom(flags) } : {}),
    ...(parts.has('aws')
      ? {
          aws: {
            ...stored.aws,
            sourceProfile: aws.sourceProfile,
            destinationProfile: aws.destinationProfile,
            sourceEndpointUrl: aws.sourceEndpointUrl,
            destinationEndpointUrl: aws.destinationEndpointUrl,
            expectedBucketOwner: aws.expectedBucketOwner,
            expectedSourceBucketOwner: aws.expectedSourceBucketOwner,
          },
        }
      : {}),
    ...(parts.has('operationSettings') ? { operationSettings: operationSettingsFrom(flags) } : {}),
  };
}

// Dates in a generator's filters come back from the job folder as strings.
function normalise(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** A spec read back from JSON: generator dates become Dates again. */
export function reviveSpec(spec: JobSpec): JobSpec {
  const manifest = spec.manifest as ManifestInput;
  if (manifest.format !== 'generate' || !manifest.filters) return spec;
  const { createdAfter, createdBefore } = manifest.filters;
  return {
    ...spec,
    manifest: {
      ...manifest,
      filters: {
        ...manifest.filters,
        ...(createdAfter ? { createdAfter: new Date(createdAfter) } : {}),
        ...(createdBefore ? { createdBefore: new Date(createdBefore) } : {}),
      },
    },
  };
}
