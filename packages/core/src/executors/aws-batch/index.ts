// AWS Batch: submitting s3bulk jobs and following them. Clients are passed in.
export { buildSubmitJobInput, submitAwsBatchJob } from './submit.js';
export {
  batchJobInfoOf,
  cancelAwsBatchJob,
  describeAwsBatchJob,
  listAwsBatchJobs,
  type ListAwsBatchJobsOptions,
} from './describe.js';
export {
  checkpointOf,
  describeS3BulkBatchJob,
  s3bulkJobIdOf,
  shardCountOf,
  type S3BulkBatchJobStatus,
} from './job-status.js';
export { runShard, type RunShardOptions, type ShardRun } from './run-shard.js';
export {
  submitShardedJob,
  type SubmitEvent,
  type SubmitShardedJobClients,
  type SubmitShardedJobInput,
  type SubmittedShardedJob,
} from './submit-job.js';
export { assertBatchResources, type BatchResources } from './batch-resources.js';
export { PREFIX_SCAN_LIMIT } from './shard-work.js';
export {
  resolveShardSpec,
  type ResolveShardSpecOptions,
  type SeedJob,
  type ShardSpecSource,
} from './shard-spec.js';
export {
  combineShardReports,
  parseShardSpecLocation,
  readShardProgress,
  shardSpecLocation,
  shardStoreLocation,
  type CombineReportOptions,
  type ShardProgress,
} from './shard-checkpoints.js';
export {
  BATCH_JOB_STATES,
  FINAL_BATCH_STATES,
  type BatchJobInfo,
  type BatchJobState,
  type ChildSummary,
  type ShardEvent,
  type ShardInput,
  type SubmitBatchJobOptions,
  type SubmittedBatchJob,
} from './types.js';
