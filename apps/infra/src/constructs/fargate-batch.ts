import { Duration, Size, Stack } from 'aws-cdk-lib';
import {
  EcsFargateContainerDefinition,
  EcsJobDefinition,
  FargateComputeEnvironment,
  JobQueue,
} from 'aws-cdk-lib/aws-batch';
import { SubnetType, type IVpc, type SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { FargatePlatformVersion, LogDriver } from 'aws-cdk-lib/aws-ecs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConfigError, ENV } from '@s3bulk/core';
import { acknowledge } from '../acknowledge.js';
import { grantBucketAccess, type BucketAccess } from '../bucket-access.js';
import { workerImage } from './worker-image.js';
import { workerRetryStrategies } from './worker-retry.js';

/** Where the worker keeps its report parts and checkpoints. */
export interface WorkerWorkspace {
  readonly bucket: IBucket;
  /** @default 'reports/' */
  readonly reportPrefix?: string;
  /** @default 'checkpoints/' */
  readonly checkpointPrefix?: string;
}

export interface FargateBatchProps {
  readonly vpc: IVpc;
  /** @default the VPC's public subnets */
  readonly subnets?: SubnetSelection;
  /** Fargate tasks in public subnets need a public IP to reach ECR and S3. @default true */
  readonly assignPublicIp?: boolean;
  /** Upper bound of vCPUs running at once. @default 16 */
  readonly maxVcpus?: number;
  /** Fargate Spot: cheaper, interruptible; interrupted attempts resume from checkpoints. @default false */
  readonly spot?: boolean;
  /** @default 1 */
  readonly jobVcpus?: number;
  /** @default 2048 */
  readonly jobMemoryMiB?: number;
  /**
   * Limit of one attempt (`attemptDurationSeconds`). Batch does not retry an attempt it ends for
   * its timeout, so the worker gets a deadline `deadlineMargin` earlier (`ENV.deadlineSeconds`):
   * there it flushes its checkpoint and exits 75, which Batch retries. @default 4 hours
   */
  readonly timeout?: Duration;
  /**
   * How long before the timeout the worker stops itself: time for in-flight tasks (large
   * multipart copies) to finish and the checkpoint to flush. @default 10 minutes, at most half the timeout
   */
  readonly deadlineMargin?: Duration;
  /** Attempts per job (or per array child). @default 2 */
  readonly retryAttempts?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Buckets and prefixes the jobs read (sources) and write (destinations). */
  readonly dataAccess: readonly BucketAccess[];
  readonly workspace: WorkerWorkspace;
  /** Further worker environment (`ENV.operation`, `ENV.concurrency`, ...). @default none */
  readonly environment?: Record<string, string>;
  /** Default of the `header` job parameter: the manifest has a header row. @default true */
  readonly header?: boolean;
  /** Default of the `sync_delete` job parameter (sync deletes extra objects). @default false */
  readonly syncDelete?: boolean;
  /** DynamoDB table the import operation writes (`ENV.tableName`). @default none */
  readonly importTableName?: string;
  /** @default the image built from apps/worker/Dockerfile */
  readonly image?: ContainerImage;
}

const pythonBool = (value: boolean) => (value ? 'True' : 'False');

/** AWS Batch on Fargate running the s3bulk worker: compute, queue, job definition, roles, logs. */
export class FargateBatch extends Construct {
  readonly computeEnvironment: FargateComputeEnvironment;
  readonly jobQueue: JobQueue;
  readonly jobDefinition: EcsJobDefinition;
  readonly jobRole: Role;
  readonly executionRole: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: FargateBatchProps) {
    super(scope, id);
    const maxVcpus = props.maxVcpus ?? 16;
    const retryAttempts = props.retryAttempts ?? 2;
    if (!Number.isInteger(maxVcpus) || maxVcpus < 1) {
      throw new ConfigError(`fargate batch: maxVcpus must be a positive integer, got ${maxVcpus}`);
    }
    if (!Number.isInteger(retryAttempts) || retryAttempts < 1 || retryAttempts > 10) {
      throw new ConfigError(`fargate batch: retryAttempts must be 1-10, got ${retryAttempts}`);
    }
    const reportPrefix = props.workspace.reportPrefix ?? 'reports/';
    const checkpointPrefix = props.workspace.checkpointPrefix ?? 'checkpoints/';

    this.computeEnvironment = new FargateComputeEnvironment(this, 'Compute', {
      vpc: props.vpc,
      vpcSubnets: props.subnets ?? { subnetType: SubnetType.PUBLIC },
      maxvCpus: maxVcpus,
      spot: props.spot ?? false,
    });
    this.jobQueue = new JobQueue(this, 'Queue', {
      computeEnvironments: [{ computeEnvironment: this.computeEnvironment, order: 1 }],
    });

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    this.executionRole = new Role(this, 'ExecutionRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'Pulls the s3bulk worker image and writes its logs',
    });
    this.jobRole = new Role(this, 'JobRole', {
      assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'What an s3bulk worker may do: the configured buckets and its workspace',
    });
    grantBucketAccess(this.jobRole, [
      ...props.dataAccess,
      {
        bucket: props.workspace.bucket,
        prefixes: [reportPrefix, checkpointPrefix],
        access: 'readwrite',
      },
    ]);

    if (props.importTableName !== undefined) {
      this.jobRole.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:DescribeTable'],
          resources: [
            Stack.of(this).formatArn({
              service: 'dynamodb',
              resource: 'table',
              resourceName: props.importTableName,
            }),
          ],
        }),
      );
    }

    const timeout = props.timeout ?? Duration.hours(4);
    const margin = Math.min(
      (props.deadlineMargin ?? Duration.minutes(10)).toSeconds(),
      Math.floor(timeout.toSeconds() / 2),
    );
    const workspaceUrl = (prefix: string) => `s3://${props.workspace.bucket.bucketName}/${prefix}`;
    const container = new EcsFargateContainerDefinition(this, 'Worker', {
      image: props.image ?? workerImage(),
      cpu: props.jobVcpus ?? 1,
      memory: Size.mebibytes(props.jobMemoryMiB ?? 2048),
      // The seed's command line: <bucket> <key> <header True/False> <sync_delete True/False>.
      command: ['Ref::s3_bucket', 'Ref::s3_key', 'Ref::header', 'Ref::sync_delete'],
      environment: {
        [ENV.report]: workspaceUrl(reportPrefix),
        [ENV.checkpoint]: workspaceUrl(checkpointPrefix),
        ...(props.importTableName === undefined ? {} : { [ENV.tableName]: props.importTableName }),
        ...props.environment,
        // From the same value as the job definition's timeout, so the two cannot drift apart.
        [ENV.deadlineSeconds]: String(timeout.toSeconds() - margin),
      },
      executionRole: this.executionRole,
      jobRole: this.jobRole,
      logging: LogDriver.awsLogs({ logGroup: this.logGroup, streamPrefix: 'worker' }),
      assignPublicIp: props.assignPublicIp ?? true,
      fargatePlatformVersion: FargatePlatformVersion.LATEST,
    });
    acknowledge(
      this.executionRole,
      'AwsSolutions-IAM5',
      'ecr:GetAuthorizationToken has no resource-level permissions (AWS requires Resource "*"); ' +
        'image pulls themselves are scoped to the worker image repository.',
      ['Resource::*'],
    );
    this.jobDefinition = new EcsJobDefinition(this, 'Job', {
      container,
      parameters: {
        header: pythonBool(props.header ?? true),
        sync_delete: pythonBool(props.syncDelete ?? false),
      },
      retryAttempts,
      retryStrategies: workerRetryStrategies(),
      timeout,
      propagateTags: true,
    });
  }
}
