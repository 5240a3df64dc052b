import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '@s3bulk/core';
import type { BucketAccess } from './bucket-access.js';
import {
  BatchOperationsSupport,
  type HandlerDestination,
} from './constructs/batch-operations-support.js';
import { FargateBatch, type FargateBatchProps } from './constructs/fargate-batch.js';
import { JobNetwork, type JobNetworkProps } from './constructs/job-network.js';
import {
  DEFAULT_MANIFEST_KEY_PREFIX,
  DEFAULT_MANIFEST_KEY_SUFFIX,
  ManifestIntake,
  type ManifestIntakeProps,
} from './constructs/manifest-intake.js';
import { AccessLogBucket } from './constructs/secure-bucket.js';

/** Settings of the Batch job definition and compute that a deployment may change. */
export type BatchSettings = Pick<
  FargateBatchProps,
  | 'maxVcpus'
  | 'spot'
  | 'jobVcpus'
  | 'jobMemoryMiB'
  | 'timeout'
  | 'retryAttempts'
  | 'header'
  | 'syncDelete'
  | 'image'
  | 'importTableName'
>;

export interface S3BulkStackProps extends StackProps {
  /** Buckets and prefixes jobs may touch: `read` sources, `readwrite` destinations. @default none */
  readonly dataAccess?: readonly BucketAccess[];
  /** @default a new VPC with two public subnets */
  readonly network?: JobNetworkProps;
  readonly batch?: BatchSettings;
  readonly intake?: Pick<ManifestIntakeProps, 'keyPrefix' | 'keySuffix' | 'shards'>;
  /** `Operation` JSON for the worker and the handler (`ENV.operation`). @default the worker's default (copy/sync pairs) */
  readonly operation?: string;
  /** Manifest format the worker reads: pairs, csv, inventory or object. @default pairs */
  readonly manifestFormat?: string;
  /** Report scope of the worker: AllTasks or FailedTasksOnly. @default AllTasks */
  readonly reportScope?: 'AllTasks' | 'FailedTasksOnly';
  /** Tasks in flight per worker (`ENV.concurrency`). @default the engine's default */
  readonly concurrency?: number;
  /** ExpectedBucketOwner of destination calls (`ENV.expectedBucketOwner`). @default not checked */
  readonly expectedBucketOwner?: string;
  /** ExpectedBucketOwner of source calls (`ENV.expectedSourceBucketOwner`). @default not checked */
  readonly expectedSourceBucketOwner?: string;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Days reports, manifests and checkpoints are kept. @default 90 */
  readonly reportExpirationDays?: number;
  /** @default packages/batch-lambda/src/handler.ts */
  readonly lambdaEntry?: string;
  /** Another endpoint, region or account role the handler's copies write with. @default none */
  readonly lambdaDestination?: HandlerDestination;
}

/** s3bulk on AWS: manifest intake -> Batch on Fargate, and S3 Batch Operations support. */
export class S3BulkStack extends Stack {
  readonly intake: ManifestIntake;
  readonly batch: FargateBatch;
  readonly batchOperations: BatchOperationsSupport;

  constructor(scope: Construct, id: string, props: S3BulkStackProps = {}) {
    super(scope, id, {
      description: 's3bulk: bulk S3 operations on AWS Batch (Fargate) and S3 Batch Operations',
      ...props,
    });
    const dataAccess = props.dataAccess ?? [];
    // The handler runs one task per call: it needs the operation and owner, not the worker's knobs.
    const handlerEnvironment: Record<string, string> = {};
    if (props.operation !== undefined) handlerEnvironment[ENV.operation] = props.operation;
    if (props.expectedBucketOwner !== undefined) {
      handlerEnvironment[ENV.expectedBucketOwner] = props.expectedBucketOwner;
    }
    if (props.expectedSourceBucketOwner !== undefined) {
      handlerEnvironment[ENV.expectedSourceBucketOwner] = props.expectedSourceBucketOwner;
    }
    const workerEnvironment: Record<string, string> = { ...handlerEnvironment };
    if (props.manifestFormat !== undefined) {
      workerEnvironment[ENV.manifestFormat] = props.manifestFormat;
    }
    if (props.reportScope !== undefined) workerEnvironment[ENV.reportScope] = props.reportScope;
    if (props.concurrency !== undefined) {
      workerEnvironment[ENV.concurrency] = String(props.concurrency);
    }

    const accessLogs = new AccessLogBucket(this, 'AccessLogs').bucket;
    const network = new JobNetwork(this, 'Network', props.network);
    this.batchOperations = new BatchOperationsSupport(this, 'BatchOperations', {
      accessLogs,
      dataAccess,
      environment: handlerEnvironment,
      logRetention: props.logRetention,
      reportExpirationDays: props.reportExpirationDays,
      entry: props.lambdaEntry,
      destination: props.lambdaDestination,
    });
    const reportBucket = this.batchOperations.reportBucket;
    this.batch = new FargateBatch(this, 'Batch', {
      ...props.batch,
      vpc: network.vpc,
      subnets: network.subnets,
      dataAccess,
      workspace: { bucket: reportBucket },
      environment: workerEnvironment,
      logRetention: props.logRetention,
    });
    this.intake = new ManifestIntake(this, 'Intake', {
      ...props.intake,
      jobQueue: this.batch.jobQueue,
      jobDefinition: this.batch.jobDefinition,
      readers: [this.batch.jobRole],
      accessLogs,
    });

    const keyPrefix = props.intake?.keyPrefix ?? DEFAULT_MANIFEST_KEY_PREFIX;
    const keySuffix = props.intake?.keySuffix ?? DEFAULT_MANIFEST_KEY_SUFFIX;
    const outputs: Record<string, [string, string]> = {
      ManifestUploadLocation: [
        `s3://${this.intake.bucket.bucketName}/${keyPrefix}<name>${keySuffix}`,
        'Upload a manifest here to start a Batch job',
      ],
      JobQueueArn: [this.batch.jobQueue.jobQueueArn, 's3bulk submit --job-queue'],
      JobDefinitionArn: [
        this.batch.jobDefinition.jobDefinitionArn,
        's3bulk submit --job-definition',
      ],
      ReportBucketName: [
        reportBucket.bucketName,
        'Reports, checkpoints and S3 Batch Operations manifests',
      ],
      BatchOperationsRoleArn: [
        this.batchOperations.role.roleArn,
        'aws s3control create-job --role-arn',
      ],
      LambdaInvokeFunctionArn: [
        this.batchOperations.handler.functionArn,
        'LambdaInvoke FunctionArn',
      ],
      LambdaInvokeHandlerRoleArn: [
        this.batchOperations.handlerRole.roleArn,
        'The principal a destination role (s3bulk:lambdaDestinationRoleArn) must trust',
      ],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description });
    }
  }
}
