export {
  buildCreateJobRequest,
  clientRequestToken,
  DEFAULT_BATCH_PRIORITY,
} from './create-job-request.js';
export {
  cancelBatchOperationsJob,
  confirmBatchOperationsJob,
  createBatchOperationsJob,
  describeBatchOperationsJob,
  listBatchOperationsJobs,
  progressOf,
  setBatchOperationsJobPriority,
  TERMINAL_JOB_STATUSES,
  watchBatchOperationsJob,
  type WatchBatchOperationsJobOptions,
} from './jobs.js';
export { locateManifest, verifyManifestObject } from './manifest-location.js';
export {
  batchOperationsJobOf,
  batchReportLocationOf,
  type BatchManifestSource,
  type BatchOperationsJobOfSpec,
  type BatchOperationsJobOptions,
} from './job-of-spec.js';
export {
  jobSpecFromCreateJob,
  type CreateJobTranslation,
  type JobFromCreateJob,
} from './job-spec-from-create-job.js';
export { NATIVE_OPERATIONS, OPERATION_ARGUMENT, toS3ControlOperation } from './operation.js';
export type {
  BatchOperationsProgress,
  BatchManifestFormat,
  BatchManifestLocation,
  BatchReportLocation,
  CreateBatchOperationsJobInput,
} from './types.js';
