import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '@s3bulk/core';
import { acknowledge, nagResourceName } from '../acknowledge.js';
import { grantBucketAccess, type BucketAccess } from '../bucket-access.js';
import { ASSET_PATHS, REPO_ROOT } from '../paths.js';
import { SecureBucket } from './secure-bucket.js';

/** Where the handler writes when that is another endpoint, region or account than it reads. */
export interface HandlerDestination {
  /** S3 API of the destination side (`ENV.destinationEndpointUrl`). @default the source side's */
  readonly endpointUrl?: string;
  /** Region of the destination side (`ENV.destinationRegion`). @default the function's */
  readonly region?: string;
  /**
   * Role the handler assumes for destination-side calls only (`ENV.destinationRoleArn`); its
   * trust policy must name the handler's role. @default the handler's own role
   */
  readonly roleArn?: string;
}

export interface BatchOperationsSupportProps {
  /** Destination of the report bucket's server access logs. */
  readonly accessLogs: IBucket;
  /** What the handler may do to the objects of a job (sources read, destinations written). */
  readonly dataAccess: readonly BucketAccess[];
  /** Days reports, manifests and checkpoints are kept. @default 90 */
  readonly reportExpirationDays?: number;
  /** @default 'manifests/' */
  readonly manifestPrefix?: string;
  /** Prefix S3 Batch Operations completion reports are written under. @default 'batch-operations/' */
  readonly reportPrefix?: string;
  /** Handler environment (`ENV.operation`, ...). @default none */
  readonly environment?: Record<string, string>;
  /** A destination the handler's copies stream to, with its own endpoint or role. @default none */
  readonly destination?: HandlerDestination;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Limit of one invocation (one task). @default 5 minutes */
  readonly timeout?: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default packages/batch-lambda/src/handler.ts */
  readonly entry?: string;
}

// esbuild's ESM output has no `require`; bundled CommonJS dependencies still call it.
const ESM_REQUIRE_SHIM =
  "import { createRequire as s3bulkCreateRequire } from 'node:module'; " +
  'const require = s3bulkCreateRequire(import.meta.url);';

/**
 * What S3 Batch Operations needs to run s3bulk's LambdaInvoke handler: the function, the role
 * the service assumes (read manifests, invoke, write reports) and the report bucket.
 */
export class BatchOperationsSupport extends Construct {
  readonly reportBucket: Bucket;
  readonly handler: NodejsFunction;
  readonly role: Role;
  /** The role the handler runs as: a destination role's trust policy names it. */
  readonly handlerRole: Role;
  readonly manifestPrefix: string;
  readonly reportPrefix: string;

  constructor(scope: Construct, id: string, props: BatchOperationsSupportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.manifestPrefix = props.manifestPrefix ?? 'manifests/';
    this.reportPrefix = props.reportPrefix ?? 'batch-operations/';

    this.reportBucket = new SecureBucket(this, 'Reports', {
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'report-bucket/',
      lifecycleRules: [{ expiration: Duration.days(props.reportExpirationDays ?? 90) }],
    }).bucket;

    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    });
    const handlerRole = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'What the s3bulk LambdaInvoke handler may do per task',
    });
    this.handlerRole = handlerRole;
    logGroup.grantWrite(handlerRole);
    grantBucketAccess(handlerRole, props.dataAccess);
    const destination = props.destination ?? {};
    if (destination.roleArn !== undefined) {
      handlerRole.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['sts:AssumeRole'], resources: [destination.roleArn] }),
      );
    }

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: props.entry ?? ASSET_PATHS.lambdaEntry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      role: handlerRole,
      logGroup,
      environment: { ...props.environment, ...destinationEnvironment(destination) },
      description: 's3bulk: S3 Batch Operations LambdaInvoke handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: ASSET_PATHS.lockFile,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        // One SDK version for core and the handler, whatever the runtime ships.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        // Workspace packages resolve to their TypeScript sources: no prior build needed.
        esbuildArgs: { '--conditions': '@s3bulk/source' },
      },
    });
    acknowledge(
      this.handler,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime s3bulk targets for the worker image and this handler alike; ' +
        'moving both to a newer runtime is a deliberate, tested change.',
    );

    this.role = new Role(this, 'ServiceRole', {
      assumedBy: new ServicePrincipal('batchoperations.s3.amazonaws.com', {
        // Only jobs of this account may use the role (confused deputy).
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'Assumed by S3 Batch Operations: read manifests, invoke s3bulk, write reports',
    });
    const manifests = this.reportBucket.arnForObjects(`${this.manifestPrefix}*`);
    const reports = this.reportBucket.arnForObjects(`${this.reportPrefix}*`);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [manifests],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [reports] }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['s3:GetBucketLocation'],
        resources: [this.reportBucket.bucketArn],
      }),
    );
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.handler.functionArn],
      }),
    );
    acknowledge(
      this.role,
      'AwsSolutions-IAM5',
      `S3 Batch Operations reads job manifests only under "${this.manifestPrefix}" and writes ` +
        `completion reports only under "${this.reportPrefix}" of the report bucket; job ids in ` +
        'the keys are not known before a job exists.',
      [manifests, reports].map((arn) => `Resource::${nagResourceName(this.role, arn)}`),
    );
  }
}

// The names the handler reads (`specFromEnv` in packages/batch-lambda).
function destinationEnvironment(destination: HandlerDestination): Record<string, string> {
  const environment: Record<string, string> = {};
  if (destination.endpointUrl !== undefined) {
    environment[ENV.destinationEndpointUrl] = destination.endpointUrl;
  }
  if (destination.region !== undefined) environment[ENV.destinationRegion] = destination.region;
  if (destination.roleArn !== undefined) environment[ENV.destinationRoleArn] = destination.roleArn;
  return environment;
}
