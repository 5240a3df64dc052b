import { isDeepStrictEqual } from 'node:util';
import { join, resolve } from 'node:path';
import { JobError, type JobSpec, type JobSpecDraft } from '@s3bulk/core';
import { ENGINE_FLAGS, JOB_DEFINING_FLAGS, type JobFlags } from './flags.js';
import {
  awsSettingsFrom,
  engineFlagsFrom,
  operationSettingsFrom,
  reportSpecFrom,
  s3EndpointFrom,
} from './job-spec.js';
import { manifestInputFrom } from './manifest-input.js';
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

/** Flags typed on the command line (not from defaults or env vars) among `names`. */
export function typedFlags(argv: readonly string[], names: readonly string[]): string[] {
  const typed = new Set<string>();
  for (const arg of argv) {
    if (arg === '--') break;
    const name = /^--([a-z-]+)(=|$)/.exec(arg)?.[1];
    if (name && names.includes(name)) typed.add(name);
    if (arg === '-m') typed.add('manifest');
    if (arg === '-o') typed.add('operation');
    if (arg === '-r') typed.add('report');
    if (arg === '-c' && names.includes('concurrency')) typed.add('concurrency');
  }
  return [...typed];
}

/** The job-defining flags typed on the command line. */
export function typedJobFlags(argv: readonly string[]): string[] {
  return typedFlags(argv, JOB_DEFINING_FLAGS);
}

type SpecPart = 'manifest' | 'operation' | 'report' | 'aws' | 'operationSettings' | 'engine';

function partOf(flag: string): SpecPart {
  if ((ENGINE_FLAGS as readonly string[]).includes(flag)) return 'engine';
  if (['operation', 'operation-file', 'sync-delete', 'compare'].includes(flag)) return 'operation';
  if (flag.startsWith('report')) return 'report';
  if (
    flag.endsWith('-profile') ||
    flag.endsWith('endpoint-url') ||
    flag.includes('owner') ||
    flag === 'region'
  )
    return 'aws';
  if (flag === 'multipart-threshold' || flag === 'part-size') return 'operationSettings';
  return 'manifest';
}

/**
 * `base` with the parts that the typed flags touch rebuilt from those flags: `--spec job.json
 * --report s3://x` runs the job file with another report. Returns the flags that changed it.
 */
export async function overrideSpec<S extends JobSpecDraft>(
  base: S,
  flags: JobFlags,
  typed: readonly string[],
  onGuess: (message: string) => void,
): Promise<{ spec: S; changed: string[] }> {
  const parts = new Set(typed.map(partOf));
  const aws = awsSettingsFrom(flags);
  const baseManifest = base.manifest;
  const manifest = parts.has('manifest')
    ? await manifestInputFrom(
        flags.manifest || flags.generate || baseManifest.format === 'generate'
          ? flags
          : { ...flags, manifest: baseManifest.location },
        { ...base.aws, ...aws },
        onGuess,
      )
    : baseManifest;
  const spec: S = {
    ...base,
    manifest,
    ...(parts.has('operation')
      ? {
          operation: await readOperationJson({
            operation: flags.operation,
            operationFile: flags['operation-file'],
            syncDelete: flags['sync-delete'],
            compare: flags.compare,
            pairs: manifest.format === 'pairs',
          }),
        }
      : {}),
    // `--report-scope` alone keeps the job file's report location.
    ...(parts.has('report')
      ? {
          report: reportSpecFrom(
            flags.report || !base.report ? flags : { ...flags, report: base.report.location },
          ),
        }
      : {}),
    ...(parts.has('aws') ? { aws: withTypedAws(base.aws, aws, typed) } : {}),
    ...(parts.has('operationSettings')
      ? { operationSettings: { ...base.operationSettings, ...operationSettingsFrom(flags) } }
      : {}),
    ...(parts.has('engine') ? { engine: { ...base.engine, ...engineFlagsFrom(flags) } } : {}),
  };
  const changed = typed.filter((flag) => {
    const part = partOf(flag);
    return !isDeepStrictEqual(normalise(base[part]), normalise(spec[part]));
  });
  return { spec, changed };
}

/** The base's AWS settings with the typed ones replaced (an untyped flag keeps the base's). */
function withTypedAws(
  base: JobSpecDraft['aws'],
  fromFlags: JobSpecDraft['aws'],
  typed: readonly string[],
): JobSpecDraft['aws'] {
  const field: Record<string, keyof JobSpecDraft['aws']> = {
    region: 'region',
    'endpoint-url': 'endpointUrl',
    'source-profile': 'sourceProfile',
    'destination-profile': 'destinationProfile',
    'source-endpoint-url': 'sourceEndpointUrl',
    'destination-endpoint-url': 'destinationEndpointUrl',
    'expected-bucket-owner': 'expectedBucketOwner',
    'expected-source-bucket-owner': 'expectedSourceBucketOwner',
  };
  const aws: Record<string, unknown> = { ...base };
  for (const flag of typed) {
    const name = field[flag];
    if (!name) continue;
    if (fromFlags[name] === undefined) delete aws[name];
    else aws[name] = fromFlags[name];
  }
  return aws as JobSpecDraft['aws'];
}

/**
 * Where a job file leaves the S3 endpoint or region out, this machine's settings fill them in
 * (`--endpoint-url`/`AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`, `--region`/`AWS_REGION`).
 */
export function withMachineAws<S extends JobSpecDraft>(spec: S, flags: JobFlags): S {
  const endpointUrl = spec.aws.endpointUrl ?? s3EndpointFrom(flags);
  const region = spec.aws.region ?? flags.region;
  return {
    ...spec,
    aws: {
      ...spec.aws,
      ...(endpointUrl ? { endpointUrl } : {}),
      ...(region ? { region } : {}),
    },
  };
}

/**
 * `--resume` runs the job as it was created. Flags that describe the same job are fine (the
 * same command line with `--resume` added); where the report goes and how the job runs may
 * change; flags that would change what the job does are refused.
 */
export async function resumeWithFlags(
  stored: JobSpec,
  flags: JobFlags,
  argv: readonly string[],
  onGuess: (message: string) => void,
): Promise<JobSpec> {
  const typed = typedFlags(argv, [...JOB_DEFINING_FLAGS, ...ENGINE_FLAGS]);
  const { spec, changed } = await overrideSpec(stored, flags, typed, onGuess);
  const offending = changed.filter((flag) => !['report', 'engine'].includes(partOf(flag)));
  if (offending.length > 0) {
    throw new JobError(
      `--resume ${stored.jobId}: ${offending.map((f) => `--${f}`).join(', ')} would change the job. ` +
        'A resumed job keeps what it was created with (see its job folder); only --report, --report-scope, --concurrency, --attempt-timeout and the --failure-threshold-* flags may change. ' +
        'Drop those flags, or start a new job without --resume.',
      'JobSpecMismatch',
    );
  }
  return spec;
}

// Dates in a generator's filters come back from the job folder as strings.
function normalise(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
