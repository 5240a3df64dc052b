import type { JobReportScope } from '@aws-sdk/client-s3-control';

/** Manifest formats S3 Batch Operations reads (a pairs manifest only through the Lambda). */
export type BatchManifestFormat = 'csv' | 'inventory';

/** A manifest object S3 Batch Operations will read: it needs the exact ETag. */
export interface BatchManifestLocation {
  readonly format: BatchManifestFormat;
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly versionId?: string;
  /** csv only. @default ['Bucket', 'Key'] */
  readonly fields?: readonly string[];
}

/** Where S3 Batch Operations writes its completion report. */
export interface BatchReportLocation {
  readonly bucket: string;
  /** @default '' (the bucket root) */
  readonly prefix?: string;
  /** @default 'AllTasks' */
  readonly scope?: JobReportScope;
}

/** Everything `s3bulk batchops create` decided; `buildCreateJobRequest` turns it into the API call. */
export interface CreateBatchOperationsJobInput {
  readonly accountId: string;
  /** The `Operation` JSON S3 Control accepts (validated; see `toS3ControlOperation`). */
  readonly operation: Record<string, unknown>;
  readonly manifest: BatchManifestLocation;
  /** Omit for no completion report (S3 Control then gets `{"Enabled": false}`). */
  readonly report?: BatchReportLocation;
  readonly roleArn: string;
  /** Higher runs first. @default 10 */
  readonly priority?: number;
  readonly description?: string;
  /** The job waits in Suspended until `batchops confirm`. @default true */
  readonly confirmationRequired?: boolean;
}

/** A job's state as `batchops describe` shows it. */
export interface BatchOperationsProgress {
  readonly jobId: string;
  readonly status: string;
  readonly total?: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly elapsedSeconds?: number;
  readonly terminal: boolean;
  readonly failureReasons: readonly string[];
}
