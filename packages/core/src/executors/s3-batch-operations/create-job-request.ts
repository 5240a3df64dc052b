import { createHash } from 'node:crypto';
import type { CreateJobCommandInput, JobOperation } from '@aws-sdk/client-s3-control';
import type { CreateBatchOperationsJobInput } from './types.js';

/** S3 Control's default when no priority is given in our CLI. */
export const DEFAULT_BATCH_PRIORITY = 10;

const MANIFEST_FORMAT = {
  csv: 'S3BatchOperations_CSV_20180820',
  inventory: 'S3InventoryReport_CSV_20161130',
} as const;

/** JSON with sorted keys, so equal requests hash equal whatever order they were built in. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A `ClientRequestToken` derived from the request itself: retrying the same create (after a
 * timeout, or re-running the command) names the same job instead of starting a second one.
 */
export function clientRequestToken(
  request: Omit<CreateJobCommandInput, 'ClientRequestToken'>,
): string {
  return createHash('sha256').update(canonical(request)).digest('hex').slice(0, 64);
}

/** The exact `CreateJob` request for the job s3bulk was asked to create. */
export function buildCreateJobRequest(input: CreateBatchOperationsJobInput): CreateJobCommandInput {
  const { manifest, report } = input;
  const request: Omit<CreateJobCommandInput, 'ClientRequestToken'> = {
    AccountId: input.accountId,
    ConfirmationRequired: input.confirmationRequired ?? true,
    Operation: input.operation as JobOperation,
    Manifest: {
      Spec: {
        Format: MANIFEST_FORMAT[manifest.format],
        ...(manifest.format === 'csv'
          ? { Fields: [...(manifest.fields ?? ['Bucket', 'Key'])] as ('Bucket' | 'Key')[] }
          : {}),
      },
      Location: {
        ObjectArn: `arn:aws:s3:::${manifest.bucket}/${manifest.key}`,
        ETag: manifest.etag.replace(/"/g, ''),
        ...(manifest.versionId ? { ObjectVersionId: manifest.versionId } : {}),
      },
    },
    Report: report
      ? {
          Enabled: true,
          Bucket: `arn:aws:s3:::${report.bucket}`,
          Format: 'Report_CSV_20180820',
          ...(report.prefix ? { Prefix: report.prefix.replace(/\/+$/, '') } : {}),
          ReportScope: report.scope ?? 'AllTasks',
        }
      : { Enabled: false },
    Priority: input.priority ?? DEFAULT_BATCH_PRIORITY,
    RoleArn: input.roleArn,
    ...(input.description ? { Description: input.description } : {}),
  };
  return { ...request, ClientRequestToken: clientRequestToken(request) };
}
