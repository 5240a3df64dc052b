import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ENV } from '@s3bulk/core';
import { JobNetwork, type S3BulkStack } from '../src/index.js';
import { newApp, testStack } from './support.js';

describe('stack: S3BulkStack', () => {
  let stack: S3BulkStack;
  let template: Template;

  beforeAll(() => {
    ({ stack } = testStack({
      operation: '{"S3PutObjectTagging":{"TagSet":[]}}',
      concurrency: 32,
      reportScope: 'FailedTasksOnly',
      expectedBucketOwner: '111122223333',
      expectedSourceBucketOwner: '444455556666',
      intake: { shards: 20 },
    }));
    template = Template.fromStack(stack);
  });

  it('points the intake rule at its own queue and job definition', () => {
    // Prepare
    const queue = stack.getLogicalId(stack.batch.jobQueue.node.defaultChild as never);
    const definition = stack.getLogicalId(stack.batch.jobDefinition.node.defaultChild as never);

    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [queue, 'JobQueueArn'] },
          BatchParameters: Match.objectLike({
            JobDefinition: { Ref: definition },
            ArrayProperties: { Size: 20 },
          }),
        }),
      ],
    });
  });

  it('sets the environment names core reads, in the worker and the handler', () => {
    // Assess
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({
        Environment: Match.arrayWith([
          { Name: ENV.operation, Value: '{"S3PutObjectTagging":{"TagSet":[]}}' },
          { Name: ENV.expectedBucketOwner, Value: '111122223333' },
          { Name: ENV.expectedSourceBucketOwner, Value: '444455556666' },
          { Name: ENV.reportScope, Value: 'FailedTasksOnly' },
          { Name: ENV.concurrency, Value: '32' },
        ]),
      }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.operation]: '{"S3PutObjectTagging":{"TagSet":[]}}',
          [ENV.expectedBucketOwner]: '111122223333',
          [ENV.expectedSourceBucketOwner]: '444455556666',
        }),
      },
    });
  });

  it('outputs what s3bulk submit and s3control create-job need', () => {
    // Assess
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'ManifestUploadLocation',
        'JobQueueArn',
        'JobDefinitionArn',
        'ReportBucketName',
        'BatchOperationsRoleArn',
        'LambdaInvokeFunctionArn',
      ]),
    );
  });
});

describe('construct: JobNetwork', () => {
  it('creates two public subnets, no NAT gateway, an S3 gateway endpoint and flow logs', () => {
    // Prepare
    const stack = new Stack(newApp(), 'NetworkTest');

    // Act
    new JobNetwork(stack, 'Network');
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('imports a VPC by id and runs the tasks in the given subnets', () => {
    // Prepare
    const { stack } = testStack({
      network: { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] },
    });

    // Act
    const template = Template.fromStack(stack);

    // Assess
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      ComputeResources: Match.objectLike({ Subnets: ['subnet-0123456789abcdef0'] }),
    });
  });

  it.each([
    ['a VPC without subnets', { vpcId: 'vpc-0123456789abcdef0' }],
    ['subnets without their VPC', { subnetIds: ['subnet-0123456789abcdef0'] }],
  ])('refuses %s with a ConfigError', (_name, props) => {
    // Act / Assess
    expect(() => new JobNetwork(new Stack(newApp(), 'Bad'), 'Network', props)).toThrow(ConfigError);
  });
});
