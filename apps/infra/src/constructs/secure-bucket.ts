import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type IBucket,
  type LifecycleRule,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

export interface SecureBucketProps {
  /** Where S3 server access logs of this bucket go; omit only for the log bucket itself. */
  readonly accessLogs?: IBucket;
  /** Key prefix of this bucket's access logs in `accessLogs`. */
  readonly accessLogsPrefix?: string;
  /** Send every object event to EventBridge (the manifest intake reacts to them). @default false */
  readonly eventBridgeEnabled?: boolean;
  /** @default none */
  readonly lifecycleRules?: LifecycleRule[];
  /**
   * Keep the bucket and its objects when the stack is deleted: reports and manifests are records.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A bucket with the settings every s3bulk bucket shares: SSE-S3 encryption, TLS-only bucket
 * policy, all public access blocked, ACLs disabled, server access logs.
 */
export class SecureBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps = {}) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: props.accessLogs ? props.accessLogsPrefix : undefined,
      lifecycleRules: [
        // Parts of uploads that never completed cost money and are invisible in listings.
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        ...(props.lifecycleRules ?? []),
      ],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    if (props.eventBridgeEnabled) {
      // Set on the template itself: the L2 switch deploys a custom-resource Lambda to do this.
      const cfnBucket = this.bucket.node.defaultChild as CfnBucket;
      cfnBucket.notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
    }
  }
}

export interface AccessLogBucketProps {
  /** Days access logs are kept. @default 365 */
  readonly retentionDays?: number;
}

/** The destination of the other buckets' server access logs. */
export class AccessLogBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps = {}) {
    super(scope, id);
    const { bucket } = new SecureBucket(this, 'Logs', {
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays ?? 365) }],
    });
    this.bucket = bucket;
    acknowledge(
      bucket,
      'AwsSolutions-S1',
      'This bucket is the server access log destination of the s3bulk buckets; logging its own ' +
        'access into itself would loop.',
    );
  }
}
