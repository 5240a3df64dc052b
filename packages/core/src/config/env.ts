/**
 * Names of the environment variables the edges (CLI, worker, Lambda) read. Infrastructure sets
 * these same names, so they live in one place. Core itself never reads the environment (the SDK's
 * own config loader does, for the region and the access keys: `s3/side-config.ts`).
 */
export const ENV = {
  /**
   * `s3://…/<jobId>/spec.json`: the job file `s3bulk submit` wrote beside the checkpoints. A worker
   * given it runs that spec; without it, the seed's `<bucket> <key> <header> <sync_delete>`.
   */
  spec: 'S3BULK_SPEC',
  /** The `Operation` JSON for the worker or the Lambda handler. */
  operation: 'S3BULK_OPERATION',
  /** Report location (`s3://bucket/prefix`) for the worker. */
  report: 'S3BULK_REPORT',
  /** Report scope: AllTasks or FailedTasksOnly. */
  reportScope: 'S3BULK_REPORT_SCOPE',
  /** Tasks in flight per process. */
  concurrency: 'S3BULK_CONCURRENCY',
  /** Where worker checkpoints live (`s3://bucket/prefix`). */
  checkpoint: 'S3BULK_CHECKPOINT',
  /** Manifest format for the worker: pairs, csv or inventory. */
  manifestFormat: 'S3BULK_MANIFEST_FORMAT',
  /** csv manifest column order, comma separated. */
  manifestFields: 'S3BULK_MANIFEST_FIELDS',
  /** Children of the array job; `s3bulk submit` sets it (Batch itself sets only the index). */
  shards: 'S3BULK_SHARDS',
  /**
   * Seconds one worker attempt may run before it stops itself (checkpoint flushed, exit 75) so
   * Batch retries it: an attempt Batch ends for its timeout is never retried. Set by the CDK app.
   */
  deadlineSeconds: 'S3BULK_DEADLINE_SECONDS',
  /** Job id shared by every child of an array job. */
  jobId: 'S3BULK_JOB_ID',
  /** Attempts per task in the Lambda handler (the engine's `maxAttempts`). */
  maxAttempts: 'S3BULK_MAX_ATTEMPTS',
  /** Multipart threshold and part size, in bytes. */
  multipartThreshold: 'S3BULK_MULTIPART_THRESHOLD',
  partSize: 'S3BULK_PART_SIZE',
  /** ExpectedBucketOwner for destination-side calls. */
  expectedBucketOwner: 'S3BULK_EXPECTED_BUCKET_OWNER',
  /** ExpectedBucketOwner for source-side calls (ExpectedSourceBucketOwner on copies). */
  expectedSourceBucketOwner: 'S3BULK_EXPECTED_SOURCE_BUCKET_OWNER',
  /** The Lambda handler's destination side, when it is another endpoint, region or account. */
  destinationEndpointUrl: 'S3BULK_DESTINATION_ENDPOINT_URL',
  destinationRegion: 'S3BULK_DESTINATION_REGION',
  /** A role the Lambda handler assumes for destination-side calls only. */
  destinationRoleArn: 'S3BULK_DESTINATION_ROLE_ARN',
  /** DynamoDB table for the import operation (the seed's `table_name`). */
  tableName: 'S3BULK_TABLE_NAME',
  /**
   * Test only: `<crash point>[:<count>]` kills the process (SIGKILL) the count-th time it reaches
   * that persistence step (`CRASH_POINTS`); the crash-point sweep sets it. Never set it otherwise.
   */
  testCrashAt: 'S3BULK_TEST_CRASH_AT',
  /** An S3 API for the test suite to use instead of starting one. */
  testEndpoint: 'S3BULK_TEST_ENDPOINT',
  /** Standard AWS names the edges honour. */
  awsRegion: 'AWS_REGION',
  awsEndpointUrl: 'AWS_ENDPOINT_URL',
  awsProfile: 'AWS_PROFILE',
  /** Set by AWS Batch in every child of an array job. */
  batchArrayIndex: 'AWS_BATCH_JOB_ARRAY_INDEX',
  batchArraySize: 'AWS_BATCH_JOB_ARRAY_SIZE',
  batchJobId: 'AWS_BATCH_JOB_ID',
  batchJobAttempt: 'AWS_BATCH_JOB_ATTEMPT',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
