import type { S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  DEFAULT_JOBS_DIR,
  isS3Url,
  locateManifest,
  uploadLocalManifest,
  type BatchManifestLocation,
  type BatchManifestSource,
  type JobSpecDraft,
} from '@s3bulk/core';
import type { JobFlags } from '../job/flags.js';
import { draftOf } from '../job/prepare-job.js';

/** The flags of `batchops create` that define the job (the rest say how to create it). */
export type CreateJobFlags = Pick<
  JobFlags,
  | 'spec'
  | 'manifest'
  | 'fields'
  | 'operation'
  | 'operation-file'
  | 'report'
  | 'report-scope'
  | 'expected-bucket-owner'
  | 'endpoint-url'
  | 'region'
> & { readonly format: 'csv' | 'inventory' };

/** The job to create, and the flags that overrode the job file's fields (as typed). */
export interface CreateJobSpec {
  readonly spec: JobSpecDraft;
  readonly overridden: readonly string[];
}

/**
 * The job `batchops create` hands to S3 Batch Operations, by the CLI's one translation (that of
 * `run` and `plan`): the flags, or the job file of `--spec` with the flags typed beside it over
 * its fields. Flags `run` has and `create` lacks are off.
 */
export async function createJobSpec(
  flags: CreateJobFlags,
  argv: readonly string[],
  onNote: (message: string) => void,
): Promise<CreateJobSpec> {
  const { draft, overrides } = await draftOf(
    { ...flags, header: false, 'sync-delete': false, 'job-dir': DEFAULT_JOBS_DIR },
    argv,
    onNote,
  );
  return { spec: draft, overridden: overrides.map((flag) => `--${flag}`) };
}

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
    stored = await uploadLocalManifest(manifest.location, {
      s3,
      destination: upload,
      ...(owner ? { expectedBucketOwner: owner } : {}),
    });
  }
  return {
    format: manifest.format,
    ...stored,
    ...(manifest.fields ? { fields: manifest.fields } : {}),
    uploaded: !isS3Url(manifest.location),
  };
}
