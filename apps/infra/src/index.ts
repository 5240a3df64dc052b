// Public surface of @s3bulk/infra: the stack, its constructs and the context it reads.
export { acknowledge, nagResourceName } from './acknowledge.js';
export {
  bucketArnOf,
  grantBucketAccess,
  OBJECT_READ_ACTIONS,
  OBJECT_WRITE_ACTIONS,
  validateAccess,
  type AccessLevel,
  type BucketAccess,
} from './bucket-access.js';
export {
  bucketAccessList,
  CONTEXT_KEYS,
  DEFAULT_STACK_NAME,
  stackPropsFromContext,
} from './config.js';
export {
  BatchOperationsSupport,
  type BatchOperationsSupportProps,
  type HandlerDestination,
} from './constructs/batch-operations-support.js';
export {
  FargateBatch,
  type FargateBatchProps,
  type WorkerWorkspace,
} from './constructs/fargate-batch.js';
export { JobNetwork, type JobNetworkProps } from './constructs/job-network.js';
export {
  DEFAULT_MANIFEST_KEY_PREFIX,
  DEFAULT_MANIFEST_KEY_SUFFIX,
  ManifestIntake,
  type ManifestIntakeProps,
} from './constructs/manifest-intake.js';
export {
  AccessLogBucket,
  SecureBucket,
  type AccessLogBucketProps,
  type SecureBucketProps,
} from './constructs/secure-bucket.js';
export { workerImage } from './constructs/worker-image.js';
export { workerRetryStrategies } from './constructs/worker-retry.js';
export { ASSET_PATHS, REPO_ROOT } from './paths.js';
export { S3BulkStack, type BatchSettings, type S3BulkStackProps } from './s3bulk-stack.js';
