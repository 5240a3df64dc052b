import type { S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  isS3Url,
  locateManifest,
  parseS3Url,
  uploadManifest,
  type BatchManifestLocation,
  type BatchReportLocation,
} from '@s3bulk/core';

const CSV_FIELDS = ['Ignore', 'Bucket', 'Key', 'VersionId'] as const;

/** `--fields Bucket,Key,VersionId`, checked against what S3 Batch Operations accepts. */
export function parseFields(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const fields = value.split(',').map((f) => f.trim());
  for (const field of fields) {
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new ConfigError(`--fields: "${field}" is not one of ${CSV_FIELDS.join(', ')}`);
    }
  }
  if (!fields.includes('Bucket') || !fields.includes('Key')) {
    throw new ConfigError('--fields must include Bucket and Key');
  }
  return fields;
}

export interface ManifestFlags {
  readonly manifest: string;
  readonly format: 'csv' | 'inventory';
  readonly fields?: string | undefined;
  readonly 'manifest-upload'?: string | undefined;
  readonly 'expected-bucket-owner'?: string | undefined;
}

/** The manifest as S3 Batch Operations reads it: in S3, with its ETag (uploaded if local). */
export async function manifestLocation(
  s3: S3Client,
  flags: ManifestFlags,
): Promise<BatchManifestLocation & { uploaded: boolean }> {
  const owner = flags['expected-bucket-owner'];
  const upload = flags['manifest-upload'];
  const fields = flags.format === 'csv' ? parseFields(flags.fields) : undefined;
  let stored;
  if (isS3Url(flags.manifest)) {
    if (upload)
      throw new ConfigError(
        '--manifest-upload is for a local --manifest; this one is already in S3',
      );
    stored = await locateManifest(s3, flags.manifest, owner);
  } else {
    if (!upload || !isS3Url(upload)) {
      throw new ConfigError(
        `--manifest ${flags.manifest} is a local file: S3 Batch Operations reads manifests from S3. Add --manifest-upload s3://bucket/prefix`,
      );
    }
    stored = await uploadManifest(s3, flags.manifest, upload, owner);
  }
  return {
    format: flags.format,
    ...stored,
    ...(fields ? { fields } : {}),
    uploaded: !isS3Url(flags.manifest),
  };
}

/** `--report s3://bucket/prefix`: S3 Batch Operations writes reports to S3 only. */
export function reportLocation(
  report: string | undefined,
  scope: 'AllTasks' | 'FailedTasksOnly',
): BatchReportLocation | undefined {
  if (report === undefined) return undefined;
  if (!isS3Url(report)) {
    throw new ConfigError(
      `--report ${report}: S3 Batch Operations writes reports to S3; give s3://bucket/prefix`,
    );
  }
  const { bucket, key } = parseS3Url(report);
  return { bucket, ...(key ? { prefix: key } : {}), scope };
}
