import { Duration } from 'aws-cdk-lib';
import type { IJobDefinition, IJobQueue } from 'aws-cdk-lib/aws-batch';
import { EventField, Match, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { BatchJob } from 'aws-cdk-lib/aws-events-targets';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigError } from '@s3bulk/core';
import { acknowledge } from '../acknowledge.js';
import { grantBucketAccess } from '../bucket-access.js';
import { SecureBucket } from './secure-bucket.js';

/** The seed's naming convention: `input/s3_batch_sync_input-*.csv` starts a job. */
export const DEFAULT_MANIFEST_KEY_PREFIX = 'input/s3_batch_sync_input-';
export const DEFAULT_MANIFEST_KEY_SUFFIX = '.csv';

export interface ManifestIntakeProps {
  /** Queue the job is submitted to. */
  readonly jobQueue: IJobQueue;
  /** Definition of the submitted job; it takes `s3_bucket` and `s3_key` parameters. */
  readonly jobDefinition: IJobDefinition;
  /** Roles that read the uploaded manifests (the worker's job role). */
  readonly readers: readonly IRole[];
  /** Destination of the input bucket's server access logs. */
  readonly accessLogs: IBucket;
  /** @default 'input/s3_batch_sync_input-' */
  readonly keyPrefix?: string;
  /** @default '.csv' */
  readonly keySuffix?: string;
  /** Children of the submitted array job; 1 submits a single job. @default 1 */
  readonly shards?: number;
  /** Days an uploaded manifest is kept. @default 90 */
  readonly manifestRetentionDays?: number;
}

/**
 * The input bucket and the EventBridge rule that submits a Batch job for every manifest
 * uploaded under the naming convention, with the bucket and key as job parameters.
 */
export class ManifestIntake extends Construct {
  readonly bucket: Bucket;
  readonly rule: Rule;
  /** Events the rule could not deliver to Batch (SubmitJob refused or throttled out). */
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ManifestIntakeProps) {
    super(scope, id);
    const keyPrefix = props.keyPrefix ?? DEFAULT_MANIFEST_KEY_PREFIX;
    const keySuffix = props.keySuffix ?? DEFAULT_MANIFEST_KEY_SUFFIX;
    if (/[*?]/.test(keyPrefix + keySuffix)) {
      throw new ConfigError('manifest intake: key prefix and suffix may not contain * or ?');
    }
    const shards = props.shards ?? 1;
    if (!Number.isInteger(shards) || shards < 1 || shards > 10_000) {
      throw new ConfigError(`manifest intake: shards must be 1-10000 (AWS Batch), got ${shards}`);
    }

    this.bucket = new SecureBucket(this, 'Input', {
      accessLogs: props.accessLogs,
      accessLogsPrefix: 'input-bucket/',
      eventBridgeEnabled: true,
      lifecycleRules: [{ expiration: Duration.days(props.manifestRetentionDays ?? 90) }],
    }).bucket;
    // Readers get the folder of the convention, so `s3bulk submit` may upload there too.
    const folder = keyPrefix.slice(0, keyPrefix.lastIndexOf('/') + 1);
    for (const role of props.readers) {
      grantBucketAccess(role, [{ bucket: this.bucket, prefixes: [folder], access: 'read' }]);
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      'This queue is itself the dead-letter queue of the manifest rule target.',
    );

    // S3 EventBridge notifications replace the seed's CloudTrail data-event trail.
    this.rule = new Rule(this, 'ManifestUploaded', {
      description: `Submit an s3bulk Batch job for s3://<input>/${keyPrefix}*${keySuffix}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [this.bucket.bucketName] },
          object: { key: Match.wildcard(`${keyPrefix}*${keySuffix}`) },
        },
      },
    });
    this.rule.addTarget(
      new BatchJob(
        props.jobQueue.jobQueueArn,
        props.jobQueue,
        props.jobDefinition.jobDefinitionArn,
        props.jobDefinition,
        {
          jobName: 's3bulk-manifest',
          size: shards > 1 ? shards : undefined,
          event: RuleTargetInput.fromObject({
            Parameters: {
              s3_bucket: EventField.fromPath('$.detail.bucket.name'),
              s3_key: EventField.fromPath('$.detail.object.key'),
            },
          }),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        },
      ),
    );
  }
}
