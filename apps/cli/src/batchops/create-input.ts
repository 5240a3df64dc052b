import type { S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  isS3Url,
  locateManifest,
  readJobSpec,
  uploadManifest,
  validateCsvFields,
  type AwsSettings,
  type BatchManifestLocation,
  type BatchManifestSource,
  type JobSpecDraft,
} from '@s3bulk/core';
import { readOperationJson } from '../job/operation-input.js';

/** The flags of `batchops create` that define the job (the rest say how to create it). */
export interface CreateJobFlags {
  readonly spec?: string | undefined;
  readonly manifest?: string | undefined;
  readonly format?: 'csv' | 'inventory' | undefined;
  readonly fields?: string | undefined;
  readonly operation?: string | undefined;
  readonly 'operation-file'?: string | undefined;
  readonly report?: string | undefined;
  readonly 'report-scope'?: 'AllTasks' | 'FailedTasksOnly' | undefined;
  readonly 'expected-bucket-owner'?: string | undefined;
}

/** The job to create, and which of its fields flags set over the job file. */
export interface CreateJobSpec {
  readonly spec: JobSpecDraft;
  readonly overridden: readonly string[];
}

/**
 * The job `batchops create` hands to S3 Batch Operations: the job file of `--spec` (local or
 * s3://) with each flag given beside it laid over its field, or the flags alone.
 */
export async function createJobSpec(
  flags: CreateJobFlags,
  aws: AwsSettings,
  s3: S3Client,
): Promise<CreateJobSpec> {
  const base = flags.spec ? await readJobSpec(flags.spec, { s3 }) : undefined;
  const set = (flag: Exclude<keyof CreateJobFlags, 'spec'>) => flags[flag] !== undefined;

  let manifest = base?.manifest;
  if (set('manifest') || set('format') || set('fields')) {
    const file = manifest?.format === 'generate' ? undefined : manifest;
    const location = flags.manifest ?? file?.location;
    if (!location) throw new ConfigError('Missing --manifest: the job file lists a bucket.');
    const format = flags.format ?? (file?.format === 'inventory' ? 'inventory' : 'csv');
    const fields = flags.fields
      ? validateCsvFields(flags.fields.split(',').map((f) => f.trim()))
      : file?.fields;
    manifest = { format, location, ...(format === 'csv' && fields ? { fields } : {}) };
  }
  if (!manifest) throw new ConfigError('Missing --manifest (or --spec job.json).');

  const operation =
    base && !set('operation') && !set('operation-file')
      ? base.operation
      : await readOperationJson({
          operation: flags.operation,
          operationFile: flags['operation-file'],
          syncDelete: false,
          pairs: false,
        });

  let report = base?.report;
  if (set('report') || set('report-scope')) {
    const location = flags.report ?? report?.location;
    const scope = flags['report-scope'] ?? report?.scope ?? 'AllTasks';
    report = location ? { location, scope } : undefined;
  }

  const owner = flags['expected-bucket-owner'];
  const spec: JobSpecDraft = {
    ...(base ?? { version: 1, engine: {} }),
    manifest,
    operation,
    ...(report ? { report } : {}),
    aws: { ...base?.aws, ...aws, ...(owner ? { expectedBucketOwner: owner } : {}) },
  };
  const overridden = base ? JOB_FLAGS.filter(set).map((flag) => `--${flag}`) : [];
  return { spec, overridden };
}

/** Flags that set a field of the job file. */
const JOB_FLAGS = [
  'manifest',
  'format',
  'fields',
  'operation',
  'operation-file',
  'report',
  'report-scope',
  'expected-bucket-owner',
] as const;

/** The manifest as S3 Batch Operations reads it: in S3, with its ETag (uploaded if local). */
export async function manifestLocation(
  s3: S3Client,
  manifest: BatchManifestSource,
  options: {
    readonly upload?: string | undefined;
    readonly expectedBucketOwner?: string | undefined;
  },
): Promise<BatchManifestLocation & { uploaded: boolean }> {
  const { upload, expectedBucketOwner: owner } = options;
  let stored;
  if (isS3Url(manifest.location)) {
    if (upload)
      throw new ConfigError(
        '--manifest-upload is for a local --manifest; this one is already in S3',
      );
    stored = await locateManifest(s3, manifest.location, owner);
  } else {
    if (!upload || !isS3Url(upload)) {
      throw new ConfigError(
        `--manifest ${manifest.location} is a local file: S3 Batch Operations reads manifests from S3. Add --manifest-upload s3://bucket/prefix`,
      );
    }
    stored = await uploadManifest(s3, manifest.location, upload, owner);
  }
  return {
    format: manifest.format,
    ...stored,
    ...(manifest.fields ? { fields: manifest.fields } : {}),
    uploaded: !isS3Url(manifest.location),
  };
}
