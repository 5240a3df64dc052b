import type { S3Client } from '@aws-sdk/client-s3';
import type { TaskResult } from '../engine/types.js';

export type ReportScope = 'AllTasks' | 'FailedTasksOnly';

/** Where the completion report goes. */
export interface ReportSpec {
  /** A local folder or `s3://bucket/prefix`. */
  readonly location: string;
  /** @default 'AllTasks' */
  readonly scope: ReportScope;
}

/** The `Format` of every S3 Batch Operations completion report. */
export const REPORT_FORMAT = 'Report_CSV_20180820';

/** The `ReportSchema` string of the service's `manifest.json`, verbatim. */
export const REPORT_SCHEMA =
  'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage';

/** One results file listed in the report's `manifest.json`. */
export interface ReportManifestEntry {
  readonly TaskExecutionStatus: 'succeeded' | 'failed';
  /** The report bucket; `''` for a report in a local folder. */
  readonly Bucket: string;
  readonly MD5Checksum: string;
  /** S3: the object key. Local: the path relative to the report folder (`job-<id>/results/...`). */
  readonly Key: string;
}

/** The top-level `manifest.json` of a completion report. */
export interface ReportManifest {
  readonly Format: typeof REPORT_FORMAT;
  readonly ReportCreationDate: string;
  readonly Results: readonly ReportManifestEntry[];
  readonly ReportSchema: string;
}

/**
 * What a report row is written from: a task's result (`TaskResult`) or a row read back. A result
 * that carries facts instead of a message has its ResultMessage worded as the row is written.
 */
export type ReportRow = Pick<
  TaskResult,
  'bucket' | 'key' | 'versionId' | 'status' | 'errorCode' | 'httpStatus' | 'message' | 'effect'
>;

/** One row of a completion report as read (the key decoded): its ResultMessage as written. */
export type ReportRecord = Omit<ReportRow, 'message' | 'effect'> & { readonly message: string };

export interface WriteReportOptions {
  /** A local folder or `s3://bucket/prefix`; the report goes under `job-<jobId>/` in it. */
  readonly location: string;
  readonly jobId: string;
  /** @default 'AllTasks' */
  readonly scope?: ReportScope;
  /** Needed for an `s3://` location. */
  readonly s3?: S3Client;
  /** Sent as ExpectedBucketOwner with every upload. */
  readonly expectedBucketOwner?: string;
  /** @default new Date() */
  readonly now?: Date;
}

export interface ReadReportOptions {
  /** Needed for an `s3://` location. */
  readonly s3?: S3Client;
}

/** A completion report that was read back. */
export interface CompletionReport {
  /** Where its `manifest.json` is. */
  readonly location: string;
  readonly manifest: ReportManifest;
  /** Every row of every results file, streamed; each file's MD5 is checked as it is read. */
  rows(): AsyncIterable<ReportRecord>;
}
