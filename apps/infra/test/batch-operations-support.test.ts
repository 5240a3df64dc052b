import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '@s3bulk/core';
import { BatchOperationsSupport } from '../src/index.js';
import { FIXTURE_HANDLER, newApp, roleStatements } from './support.js';

describe('construct: BatchOperationsSupport', () => {
  let stack: Stack;
  let support: BatchOperationsSupport;
  let template: Template;
  let outdir: string;

  beforeAll(() => {
    const app = newApp();
    stack = new Stack(app, 'BatchOperationsTest');
    support = new BatchOperationsSupport(stack, 'BatchOperations', {
      accessLogs: new Bucket(stack, 'Logs'),
      dataAccess: [
        { bucket: 'source-bucket', access: 'read' },
        { bucket: 'dest-bucket', prefixes: ['out/'], access: 'readwrite' },
      ],
      environment: { [ENV.operation]: '{"S3PutObjectCopy":{}}' },
      entry: FIXTURE_HANDLER,
    });
    template = Template.fromStack(stack);
    outdir = app.synth().directory;
  }, 180_000);

  it('bundles the handler with esbuild as ESM for Node 22', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ [ENV.operation]: '{"S3PutObjectCopy":{}}' }) },
    });
    const bundles = readdirSync(outdir)
      .map((entry) => join(outdir, entry, 'index.mjs'))
      .filter((file) => existsSync(file));
    expect(bundles).toHaveLength(1);
    expect(readFileSync(bundles[0] as string, 'utf8')).toMatch(/export\s*\{[^}]*handler/);
  });

  it('has a role only S3 Batch Operations of this account can assume', () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'batchoperations.s3.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ],
        Version: '2012-10-17',
      },
    });
  });

  it('lets that role read manifests, invoke the handler and write reports, nothing more', () => {
    // Prepare
    const bucket = stack.getLogicalId(support.reportBucket.node.defaultChild as never);
    const fn = stack.getLogicalId(support.handler.node.defaultChild as never);

    // Act
    const statements = roleStatements(template, stack, support.role);

    // Assess
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/manifests/*']] },
        },
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: {
            'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/batch-operations/*']],
          },
        },
        {
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [fn, 'Arn'] },
        },
      ]),
    );
    expect(statements).toHaveLength(4);
  });

  it('keeps reports in an encrypted, TLS-only, private bucket that expires them', () => {
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })]),
      },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('gives the handler the configured data access', () => {
    // Prepare
    const role = support.handler.role;

    // Act
    const statements = roleStatements(template, stack, role!);

    // Assess
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).toContain(':s3:::source-bucket/*');
    expect(resources).toContain(':s3:::dest-bucket/out/*');
  });

  it('without a destination, sets no destination variables and assumes no role', () => {
    // Act
    const statements = roleStatements(template, stack, support.handlerRole);

    // Assess
    expect(JSON.stringify(statements)).not.toContain('sts:');
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(Object.keys(fn?.Properties.Environment.Variables ?? {})).not.toContain(
      ENV.destinationRoleArn,
    );
  });
});

describe('construct: BatchOperationsSupport with a destination endpoint and role', () => {
  const ROLE = 'arn:aws:iam::444455556666:role/s3bulk-destination';
  let stack: Stack;
  let support: BatchOperationsSupport;
  let template: Template;

  beforeAll(() => {
    stack = new Stack(newApp(), 'BatchOperationsDestinationTest');
    support = new BatchOperationsSupport(stack, 'BatchOperations', {
      accessLogs: new Bucket(stack, 'Logs'),
      dataAccess: [{ bucket: 'source-bucket', access: 'read' }],
      environment: { [ENV.operation]: '{"S3PutObjectCopy":{}}' },
      destination: {
        endpointUrl: 'https://s3.other.example',
        region: 'eu-central-1',
        roleArn: ROLE,
      },
      entry: FIXTURE_HANDLER,
    });
    template = Template.fromStack(stack);
  }, 180_000);

  it('tells the handler where the destination is and which role to assume', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.operation]: '{"S3PutObjectCopy":{}}',
          [ENV.destinationEndpointUrl]: 'https://s3.other.example',
          [ENV.destinationRegion]: 'eu-central-1',
          [ENV.destinationRoleArn]: ROLE,
        }),
      },
    });
  });

  it('lets the handler assume exactly that role, and nothing else through STS', () => {
    // Act
    const statements = roleStatements(template, stack, support.handlerRole);
    const sts = statements.filter((s) => JSON.stringify(s.Action).includes('sts:'));

    // Assess
    expect(sts).toEqual([{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE }]);
  });
});
