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
  createS3Side,
  type S3ClientOptions,
  type S3Side,
} from './s3/client.js';
export { classifyError, type ErrorClass } from './s3/errors.js';
export { bucketNameProblem, formatS3Url, isS3Url, parseS3Url, type S3Url } from './s3/url.js';

export type {
  ByteRange,
  CsvField,
  EntryLocation,
  GeneratorSpec,
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
export {
  readCsvManifest,
  validateCsvFields,
  type CsvManifestOptions,
} from './manifest/csv-reader.js';
export {
  generateManifest,
  matchesFilters,
  validateManifestFilters,
  type GenerateManifestOptions,
} from './manifest/generator.js';
export {
  detectManifestFormat,
  guessManifestFormat,
  resolveManifestSpec,
  type FormatGuess,
  type ManifestGiven,
} from './manifest/guess-format.js';
export {
  inventoryBucket,
  readInventoryManifest,
  resolveInventoryFiles,
  type InventoryDataFile,
  type InventoryManifest,
} from './manifest/inventory-manifest.js';
export { readInventoryManifestEntries } from './manifest/inventory-reader.js';
export {
  GENERATED_MANIFEST_SCHEMA,
  InventoryManifestWriter,
  writeInventoryManifest,
  type InventoryWriterOptions,
  type InventoryWriterResult,
} from './manifest/inventory-writer.js';
export {
  decodeManifestKey,
  encodeManifestKey,
  keyProblem,
  type Decoded,
} from './manifest/key-encoding.js';
export {
  openManifest,
  validateManifest,
  type ManifestValidation,
  type ValidateManifestOptions,
} from './manifest/open-manifest.js';
export { readPairsManifest, type PairsManifestOptions } from './manifest/pairs-reader.js';
export {
  digestManifestFile,
  openManifestBytes,
  readManifestFile,
  type ManifestBytes,
  type ManifestSourceOptions,
} from './manifest/source.js';

export type {
  Operation,
  OperationContext,
  OperationDefinition,
  OperationName,
  OperationSettings,
  Task,
  TaskOutcome,
} from './operations/types.js';

export type {
  EngineSettings,
  JobCounters,
  JobEvent,
  JobState,
  JobStatus,
  JobSummary,
  RunJobOptions,
  TaskResult,
} from './engine/types.js';
export type { JobStore } from './store/types.js';
export type { ReportScope, ReportSpec } from './report/types.js';
export * from './job/index.js';
export {
  runJobSpec,
  runOpenedJob,
  type RunLocalJobOptions,
} from './executors/local/run-local-job.js';

export {
  MAX_SHARDS,
  SINGLE_SHARD,
  compareKeys,
  keyInRange,
  keySliceOf,
  planByteRange,
  planInventoryFiles,
  sampleKeySpace,
  splitKeySpace,
  validateShard,
  type KeyPage,
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
export type { DynamoDbImportSpec } from './operations/dynamodb-import-spec.js';

export {
  OPERATION_DEFINITIONS,
  knownOperationNames,
  parseOperation,
} from './operations/registry.js';
export {
  bucketArn,
  bucketFromArn,
  describeSpecIssue,
  parseSpec,
  s3Tag,
  s3TagSet,
  timestamp,
} from './operations/spec-schema.js';
export {
  copyDefinition,
  copyObject,
  createCopyOperation,
  isTooLargeForCopy,
} from './operations/copy.js';
export {
  copyOptionsShape,
  copySpecSchema,
  parseCopySpec,
  type CopyOptions,
  type CopySpec,
} from './operations/copy-spec.js';
export {
  encodeCopySource,
  encodeTagging,
  planCopy,
  targetKey,
  type CopyPlan,
} from './operations/copy-request.js';
export {
  MIN_PART_SIZE,
  multipartCopy,
  partRanges,
  type PartRange,
} from './operations/multipart-copy.js';
export { streamCopy } from './operations/stream-copy.js';
export {
  createPairsOperation,
  pairsDefinition,
  pairsSpecSchema,
  parsePairsSpec,
  prefixesOverlap,
  type PairsOperationOptions,
  type PairsSpec,
} from './operations/pairs.js';
export {
  planSync,
  syncReason,
  type ListedObject,
  type PlanSyncOptions,
  type SyncReason,
  type SyncStep,
} from './operations/sync-plan.js';
export { listPrefix, type ListPrefixOptions } from './operations/sync-listing.js';
export {
  DeleteBatcher,
  MAX_DELETE_BATCH,
  type DeleteBatcherOptions,
  type DeleteRequestOptions,
} from './operations/sync-delete-batcher.js';

export { runJob } from './engine/run-job.js';
export { validateEngineSettings } from './engine/engine-settings.js';
export { LocalJobStore } from './store/local-job-store.js';
export { assertJobId, createJobId } from './engine/job-id.js';
export {
  loadJob,
  readCommittedWork,
  type CommittedWork,
  type LoadedJob,
} from './store/load-job.js';
export { AdaptiveLimiter, type AdaptiveLimiterOptions } from './engine/adaptive-limiter.js';
export { retryDelayMs } from './engine/backoff.js';
export { CommittedTasks } from './store/committed-tasks.js';
export { failureThresholdExceeded } from './engine/failure-threshold.js';
export { writeJobReport } from './report/job-report.js';
export { writeFileAtomic } from './store/atomic-file.js';
export {
  defaultTask,
  prepareManifest,
  tasksOf,
  type PreparedManifest,
} from './engine/task-source.js';

export { writeCompletionReport } from './report/write-report.js';
export { readCompletionReport } from './report/read-report.js';
export {
  decodeReportKey,
  encodeReportKey,
  formatReportRow,
  parseReportRow,
} from './report/report-csv.js';
export {
  REPORT_FORMAT,
  REPORT_SCHEMA,
  type CompletionReport,
  type ReadReportOptions,
  type ReportManifest,
  type ReportManifestEntry,
  type ReportRecord,
  type WriteReportOptions,
} from './report/types.js';

export {
  BATCH_JOB_STATES,
  FINAL_BATCH_STATES,
  batchJobInfoOf,
  buildSubmitJobInput,
  cancelAwsBatchJob,
  checkpointOf,
  createBatchClient,
  combineShardReports,
  describeAwsBatchJob,
  describeS3BulkBatchJob,
  listAwsBatchJobs,
  readShardProgress,
  s3bulkJobIdOf,
  shardCountOf,
  shardStoreLocation,
  submitAwsBatchJob,
  type BatchClientOptions,
  type BatchJobInfo,
  type BatchJobState,
  type ChildSummary,
  type CombineReportOptions,
  type ListAwsBatchJobsOptions,
  type S3BulkBatchJobStatus,
  type ShardProgress,
  type SubmitBatchJobOptions,
  type SubmittedBatchJob,
} from './executors/aws-batch/index.js';

export {
  describeObject,
  readTarget,
  writeTarget,
  type ObjectTarget,
} from './operations/object-target.js';
export {
  putObjectTaggingOperation,
  putObjectTaggingSpecSchema,
  type PutObjectTaggingSpec,
} from './operations/tagging.js';
export {
  deleteObjectTaggingOperation,
  deleteObjectTaggingSpecSchema,
  type DeleteObjectTaggingSpec,
} from './operations/delete-tagging.js';
export {
  ACL_PERMISSIONS,
  CANNED_ACLS,
  grantHeaders,
  putObjectAclOperation,
  putObjectAclSpecSchema,
  type PutObjectAclSpec,
} from './operations/acl.js';
export {
  GLACIER_JOB_TIERS,
  initiateRestoreOperation,
  initiateRestoreSpecSchema,
  type InitiateRestoreSpec,
} from './operations/restore.js';
export {
  LEGAL_HOLD_STATUSES,
  putLegalHoldOperation,
  putLegalHoldSpecSchema,
  type PutLegalHoldSpec,
} from './operations/legal-hold.js';
export {
  RETENTION_MODES,
  putRetentionOperation,
  putRetentionSpecSchema,
  type PutRetentionSpec,
} from './operations/retention.js';
export {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_TYPES,
  compositeChecksum,
  createHasher,
  digestStream,
  type ChecksumAlgorithm,
  type ChecksumType,
  type Hasher,
} from './operations/checksum-algorithms.js';
export {
  computeChecksumOperation,
  computeChecksumSpecSchema,
  type ChecksumResult,
  type ComputeChecksumSpec,
} from './operations/checksum.js';
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
export {
  buildBatchEvent,
  lambdaInvokeOperation,
  lambdaInvokeSpecSchema,
  type LambdaInvokeSpec,
} from './operations/lambda-invoke.js';
export {
  bulkDeleteOperation,
  bulkDeleteSpecSchema,
  type BulkDeleteSpec,
} from './operations/bulk-delete.js';

export {
  buildCreateJobRequest,
  cancelBatchOperationsJob,
  clientRequestToken,
  confirmBatchOperationsJob,
  createBatchOperationsJob,
  createS3ControlClient,
  DEFAULT_BATCH_PRIORITY,
  describeBatchOperationsJob,
  listBatchOperationsJobs,
  locateManifest,
  NATIVE_OPERATIONS,
  progressOf,
  setBatchOperationsJobPriority,
  TERMINAL_JOB_STATUSES,
  toS3ControlOperation,
  uploadManifest,
  watchBatchOperationsJob,
  type BatchOperationsProgress,
  type BatchManifestFormat,
  type BatchManifestLocation,
  type BatchReportLocation,
  type CreateBatchOperationsJobInput,
  type S3ControlClientOptions,
  type StoredManifest,
  type WatchBatchOperationsJobOptions,
} from './executors/s3-batch-operations/index.js';
export { entryTaskId } from './manifest/entry-id.js';
