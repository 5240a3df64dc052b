import type { S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  assertJobId,
  readJobSpec,
  resolveManifestSpec,
  withJobIdentity,
  type AwsSettings,
  type JobSpec,
  type JobSpecDraft,
  type ManifestFormat,
  type ManifestInput,
} from '@s3bulk/core';
import { readOperationJson } from '../job/operation-input.js';

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
}

/**
 * The job `submit` sends: the job file `--spec` names, with every flag given beside it winning
 * over its field, or the flags alone. The manifest rule is `run`'s (format guessed from the
 * file when not given). Returns the spec and the fields flags overrode, for the start line.
 */
export async function submitSpecFrom(
  flags: SubmitSpecFlags,
  context: { readonly s3: S3Client; readonly aws: AwsSettings; readonly jobId: string },
): Promise<{ spec: JobSpec; overridden: string[] }> {
  const base = flags.spec ? await readJobSpec(flags.spec, { s3: context.s3 }) : undefined;
  const overridden: string[] = [];
  const given = (field: string, value: unknown) => {
    if (base && value !== undefined && value !== false) overridden.push(field);
    return value !== undefined && value !== false;
  };
  const manifestFlags = [
    given('manifest', flags.manifest),
    given('manifest.format', flags.format),
    given('manifest.header', flags.header),
    given('manifest.fields', flags.fields),
  ].some(Boolean);
  const manifest = manifestFlags ? await manifestOf(flags, base, context.s3) : base?.manifest;
  if (!manifest) throw new ConfigError('give --manifest (or --spec with a job file)');
  const operationFlags = [
    given('operation', flags.operation ?? flags['operation-file']),
    given('operation (SyncDelete)', flags['sync-delete']),
  ].some(Boolean);
  const operation =
    operationFlags || !base
      ? await readOperationJson({
          operation: flags.operation,
          operationFile: flags['operation-file'],
          syncDelete: flags['sync-delete'],
          pairs: manifest.format === 'pairs',
        })
      : base.operation;
  const reportLocation = given('report', flags.report) ? flags.report : base?.report?.location;
  const scope = given('report.scope', flags['report-scope'])
    ? flags['report-scope']!
    : (base?.report?.scope ?? 'AllTasks');
  given('engine.concurrency', flags.concurrency);
  const draft: JobSpecDraft = {
    version: 1,
    manifest,
    operation,
    ...(reportLocation ? { report: { location: reportLocation, scope } } : {}),
    engine: { ...base?.engine, ...(flags.concurrency ? { concurrency: flags.concurrency } : {}) },
    aws: { ...base?.aws, ...context.aws },
    ...(base?.operationSettings ? { operationSettings: base.operationSettings } : {}),
  };
  // A job file is a job's recipe; each submit is a new job unless --resume names one.
  return { spec: withJobIdentity(draft, assertJobId(context.jobId)), overridden };
}

async function manifestOf(
  flags: SubmitSpecFlags,
  base: JobSpecDraft | undefined,
  s3: S3Client,
): Promise<ManifestInput> {
  const from = base?.manifest;
  const location = flags.manifest ?? (from && 'location' in from ? from.location : undefined);
  if (!location) throw new ConfigError('give --manifest: the job file lists a bucket instead');
  const format = flags.format ?? (flags.manifest ? undefined : from?.format);
  if (format === 'object') return { format: 'object', location };
  if (format === 'generate') throw new ConfigError('give --manifest with --format');
  const fileBase = from && 'header' in from && !flags.manifest ? from : undefined;
  const { spec } = await resolveManifestSpec(
    {
      location,
      ...(format ? { format } : {}),
      header: flags.header || Boolean(fileBase?.header),
      ...(flags.fields
        ? { fields: flags.fields }
        : fileBase?.fields
          ? { fields: fileBase.fields }
          : {}),
    },
    { s3 },
  );
  return spec;
}
