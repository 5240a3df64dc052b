import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { EcsJobDefinition, JobQueue } from 'aws-cdk-lib/aws-batch';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@s3bulk/core';
import { ManifestIntake, type ManifestIntakeProps } from '../src/index.js';
import { newApp, roleStatements } from './support.js';

function manifestIntake(props: Partial<ManifestIntakeProps> = {}) {
  const stack = new Stack(newApp(), 'IntakeTest');
  const reader = new Role(stack, 'Reader', {
    assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com'),
  });
  const intake = new ManifestIntake(stack, 'Intake', {
    jobQueue: JobQueue.fromJobQueueArn(
      stack,
      'Queue',
      'arn:aws:batch:eu-west-1:123456789012:job-queue/s3bulk',
    ),
    jobDefinition: EcsJobDefinition.fromJobDefinitionArn(
      stack,
      'Definition',
      'arn:aws:batch:eu-west-1:123456789012:job-definition/s3bulk:1',
    ),
    readers: [reader],
    accessLogs: new Bucket(stack, 'Logs'),
    ...props,
  });
  return { stack, intake, reader, template: Template.fromStack(stack) };
}

describe('construct: ManifestIntake', () => {
  it('creates an input bucket that sends its events to EventBridge', () => {
    // Prepare / Act
    const { template } = manifestIntake();

    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'input-bucket/' }),
    });
    // No custom-resource Lambda is needed to switch the notifications on.
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('submits the job for input/s3_batch_sync_input-*.csv with s3_bucket and s3_key', () => {
    // Prepare / Act
    const { template } = manifestIntake();

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: [Match.anyValue()] },
          object: { key: [{ wildcard: 'input/s3_batch_sync_input-*.csv' }] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: 'arn:aws:batch:eu-west-1:123456789012:job-queue/s3bulk',
          BatchParameters: {
            JobDefinition: 'arn:aws:batch:eu-west-1:123456789012:job-definition/s3bulk:1',
            JobName: 's3bulk-manifest',
          },
          InputTransformer: {
            InputPathsMap: {
              'detail-bucket-name': '$.detail.bucket.name',
              'detail-object-key': '$.detail.object.key',
            },
            InputTemplate:
              '{"Parameters":{"s3_bucket":<detail-bucket-name>,"s3_key":<detail-object-key>}}',
          },
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it.each([
    [
      'shards',
      { shards: 50 },
      { BatchParameters: Match.objectLike({ ArrayProperties: { Size: 50 } }) },
    ],
    ['key prefix and suffix', { keyPrefix: 'manifests/run-', keySuffix: '.csv.gz' }, {}],
  ] as const)('honours %s', (_name, props, target) => {
    // Prepare / Act
    const { template } = manifestIntake(props);

    // Assess
    const prefix =
      'keyPrefix' in props ? 'manifests/run-*.csv.gz' : 'input/s3_batch_sync_input-*.csv';
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        detail: Match.objectLike({ object: { key: [{ wildcard: prefix }] } }),
      }),
      Targets: [Match.objectLike(target)],
    });
  });

  it('lets the readers get manifests from the intake folder only', () => {
    // Prepare / Act
    const { stack, reader, template } = manifestIntake();
    const statements = roleStatements(template, stack, reader);

    // Assess
    const objects = statements.find((s) => [s.Action].flat().includes('s3:GetObject'));
    expect(JSON.stringify(objects?.Resource)).toContain('/input/*');
    expect([objects?.Action].flat()).not.toContain('s3:PutObject');
    const listing = statements.find((s) => [s.Action].flat().includes('s3:ListBucket'));
    expect(listing?.Condition).toEqual({ StringLike: { 's3:prefix': ['input/*'] } });
  });

  it.each([
    ['a wildcard key prefix', { keyPrefix: 'input/*' }],
    ['zero shards', { shards: 0 }],
    ['more shards than Batch allows', { shards: 10_001 }],
  ])('refuses %s with a ConfigError', (_name, props) => {
    // Act / Assess
    expect(() => manifestIntake(props)).toThrow(ConfigError);
  });
});
