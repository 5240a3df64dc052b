// The public surface of @s3bulk/core. Every export is named here.
export {
  ConfigError,
  JobError,
  JobLockedError,
  ManifestError,
  OperationSpecError,
  S3BulkError,
  TaskFailure,
  type JobLockOwner,
  type SourceLocation,
} from './errors.js';
export type { ObjectFacts, ObjectRef, PrefixRef } from './types.js';

export { ENV, type EnvName } from './config/env.js';
export {
  WORKER_EXIT,
  WORKER_RETRYABLE_EXIT_CODES,
  type WorkerExitCode,
} from './config/worker-exit.js';
export {
  DEFAULT_ENGINE_SETTINGS,
  DEFAULT_JOBS_DIR,
  DEFAULT_OPERATION_SETTINGS,
} from './config/defaults.js';
export type { AwsSettings, ServiceEndpoints } from './config/types.js';

export {
  createHttpHandler,
  createS3Client,
  type S3ClientOptions,
  type S3Side,
} from './s3/client.js';
export { classifyError, type ErrorClass } from './s3/errors.js';
export { S3RequestSigner, type SignableRequest, type SigningCredentials } from './s3/sigv4.js';
export { bucketNameProblem, formatS3Url, isS3Url, parseS3Url, type S3Url } from './s3/url.js';

export type {
  ByteRange,
  CsvField,
  EntryLocation,
  GeneratorSpec,
  ObjectManifestSpec,
  ManifestEntry,
  ManifestFilters,
  ManifestFormat,
  ManifestInput,
  ManifestSpec,
  ObjectEntry,
  PrefixEntry,
  ReadManifestOptions,
} from './manifest/types.js';
export {
  DEFAULT_CSV_FIELDS,
  MANIFEST_FORMAT_IDS,
  MAX_KEY_BYTES,
  MAX_LINE_BYTES,
} from './manifest/constants.js';
export { validateCsvFields } from './manifest/csv-reader.js';
export { generateManifest, type GenerateManifestOptions } from './manifest/generator.js';
export {
  detectManifestFormat,
  guessManifestFormat,
  resolveManifestSpec,
  type FormatGuess,
  type ManifestGiven,
} from './manifest/guess-format.js';
export {
  readInventoryManifest,
  type InventoryDataFile,
  type InventoryManifest,
} from './manifest/inventory-manifest.js';
export { writeInventoryManifest } from './manifest/inventory-writer.js';
export {
  uploadLocalManifest,
  type StoredManifest,
  type UploadLocalManifestOptions,
} from './manifest/upload-manifest.js';
export { encodeManifestKey, type Decoded } from './manifest/key-encoding.js';
export {
  OBJECT_ENCRYPTION_TYPES,
  type ObjectEncryptionFilter,
} from './manifest/object-encryption.js';
export {
  openManifest,
  openManifestBatches,
  validateManifest,
  type ManifestValidation,
  type ValidateManifestOptions,
} from './manifest/open-manifest.js';
export { type ManifestSourceOptions } from './manifest/source.js';

export type {
  Operation,
  OperationContext,
  OperationDefinition,
  OperationName,
  OperationSettings,
  CopyEffect,
  DeleteEffect,
  Task,
  TaskEffect,
  TaskOutcome,
} from './operations/types.js';
export { effectMessage, resultMessage, type WordedResult } from './operations/sync-message.js';

export type {
  EngineSettings,
  JobCounters,
  JobEvent,
  JobState,
  JobStatus,
  JobSummary,
  TaskResult,
} from './engine/types.js';
export type { RunJobOptions } from './engine/run-job-options.js';
export type { JobStore } from './store/types.js';
export type { ReportScope, ReportSpec } from './report/types.js';
export * from './job/index.js';
export * from './estimate/index.js';
export {
  runJobSpec,
  runOpenedJob,
  type RunLocalJobOptions,
} from './executors/local/run-local-job.js';

export {
  MAX_SHARDS,
  compareKeys,
  keyInRange,
  keySliceOf,
  planByteRange,
  planInventoryFiles,
  sampleKeySpace,
  splitKeySpace,
  validateShard,
  type KeyPageLister,
  type KeyRange,
  type KeySampleOptions,
  type KeyUnit,
  type ShardRef,
} from './executors/aws-batch/shard/index.js';

export { S3JobStore, type S3JobStoreOptions } from './store/s3-job-store.js';

export { dynamoDbImportDefinition } from './operations/dynamodb-import.js';
export {
  createDynamoDbClient,
  needsDynamoDb,
  type DynamoDbClientOptions,
} from './operations/dynamodb-import-client.js';

export { parseOperation } from './operations/registry.js';
export { bucketArn, bucketFromArn } from './operations/spec-schema.js';
export { copyDefinition, copyObject } from './operations/copy.js';
export { createPairsOperation, pairsDefinition } from './operations/pairs.js';
export { type SyncReason } from './operations/sync-plan.js';

export { runJob } from './engine/run-job.js';
export {
  runSingleTask,
  type SingleTaskOptions,
  type SingleTaskOutcome,
} from './engine/run-single-task.js';
export { validateEngineSettings } from './engine/engine-settings.js';
export { LocalJobStore } from './store/local-job-store.js';
export { assertJobId, createJobId } from './engine/job-id.js';
export { loadJob, type CommittedWork, type LoadedJob } from './store/load-job.js';
export { writeFileAtomic, type AtomicWriteOptions } from './store/atomic-file.js';
export {
  CRASH_POINTS,
  armCrashPoint,
  armCrashPointFrom,
  parseCrashPointArm,
  type CrashPointArm,
  type CrashPointName,
} from './store/crash-points.js';
export { prepareManifest, tasksOf, type PreparedManifest } from './engine/task-source.js';

export { writeCompletionReport } from './report/write-report.js';
export { readCompletionReport } from './report/read-report.js';
export { writePairsFromReport } from './report/report-pairs.js';
export {
  type CompletionReport,
  type ReadReportOptions,
  type ReportManifest,
  type ReportManifestEntry,
  type ReportRecord,
  type ReportRow,
  type WriteReportOptions,
} from './report/types.js';

export {
  BATCH_JOB_STATES,
  FINAL_BATCH_STATES,
  cancelAwsBatchJob,
  checkpointOf,
  combineShardReports,
  describeAwsBatchJob,
  describeS3BulkBatchJob,
  listAwsBatchJobs,
  parseShardSpecLocation,
  readShardProgress,
  resolveShardSpec,
  runShard,
  s3bulkJobIdOf,
  shardCountOf,
  shardStoreLocation,
  submitAwsBatchJob,
  submitShardedJob,
  type SubmitEvent,
  type SubmitShardedJobInput,
  type SubmittedShardedJob,
  type BatchJobInfo,
  type BatchJobState,
  type ChildSummary,
  type CombineReportOptions,
  type ListAwsBatchJobsOptions,
  type ResolveShardSpecOptions,
  type RunShardOptions,
  type SeedJob,
  type S3BulkBatchJobStatus,
  type ShardEvent,
  type ShardInput,
  type ShardRun,
  type ShardSpecSource,
  type ShardProgress,
  type SubmitBatchJobOptions,
  type SubmittedBatchJob,
} from './executors/aws-batch/index.js';

export { putObjectTaggingOperation } from './operations/tagging.js';
export { deleteObjectTaggingOperation } from './operations/delete-tagging.js';
export { putObjectAclOperation } from './operations/acl.js';
export { initiateRestoreOperation } from './operations/restore.js';
export { putLegalHoldOperation } from './operations/legal-hold.js';
export { putRetentionOperation } from './operations/retention.js';
export {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  type ChecksumType,
} from './operations/checksum-algorithms.js';
export { computeChecksumOperation, type ChecksumResult } from './operations/checksum.js';
export {
  decodeBatchKey,
  encodeBatchKey,
  type InvocationSchemaVersion,
  type S3BatchEvent,
  type S3BatchEventV1,
  type S3BatchEventV2,
  type S3BatchResponse,
  type S3BatchResult,
  type S3BatchResultCode,
  type S3BatchTaskV1,
  type S3BatchTaskV2,
} from './operations/lambda-event.js';
export { bulkDeleteOperation } from './operations/bulk-delete.js';

export {
  batchOperationsJobOf,
  cancelBatchOperationsJob,
  clientRequestToken,
  confirmBatchOperationsJob,
  createBatchOperationsJob,
  DEFAULT_BATCH_PRIORITY,
  describeBatchOperationsJob,
  listBatchOperationsJobs,
  locateManifest,
  OPERATION_ARGUMENT,
  progressOf,
  setBatchOperationsJobPriority,
  TERMINAL_JOB_STATUSES,
  verifyManifestObject,
  jobSpecFromCreateJob,
  watchBatchOperationsJob,
  type BatchManifestSource,
  type CreateJobTranslation,
  type JobFromCreateJob,
  type BatchOperationsProgress,
  type BatchManifestLocation,
  type BatchReportLocation,
  type CreateBatchOperationsJobInput,
  type WatchBatchOperationsJobOptions,
} from './executors/s3-batch-operations/index.js';
export { entryTaskId } from './manifest/entry-id.js';
