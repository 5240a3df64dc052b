import type { AwsSettings } from '../config/types.js';
import type { EngineSettings } from '../engine/types.js';
import type { ManifestInput } from '../manifest/types.js';
import type { OperationSettings } from '../operations/types.js';
import type { ReportSpec } from '../report/types.js';

/** Everything needed to run (and resume) a job, persisted with it as JSON. */
export interface JobSpec {
  readonly version: 1;
  readonly jobId: string;
  readonly createdAt: string;
  readonly manifest: ManifestInput;
  /** The `Operation` JSON as given (for pairs manifests: `{ S3BulkPairs: {...} }`). */
  readonly operation: Record<string, unknown>;
  readonly report?: ReportSpec;
  readonly engine: Partial<EngineSettings>;
  readonly aws: AwsSettings;
  /** Multipart threshold and part size the job was created with (`--multipart-threshold`, `--part-size`). */
  readonly operationSettings?: Partial<OperationSettings>;
}

/**
 * A job file before a job is made of it (`s3bulk plan --save-spec`): the id and creation time
 * are given when the job is created.
 */
export type JobSpecDraft = Omit<JobSpec, 'jobId' | 'createdAt'> &
  Partial<Pick<JobSpec, 'jobId' | 'createdAt'>>;
