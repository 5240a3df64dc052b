import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { S3BulkStack } from '../src/index.js';
import {
  asList,
  iamStatements,
  testStack,
  unacknowledgedFindings,
  type Statement,
} from './support.js';

/** Where `Resource: "*"` is allowed, and why: the action has no resource-level permissions. */
const STAR_RESOURCE_ALLOWED = new Set(['ecr:GetAuthorizationToken']);

describe('security: the whole stack', () => {
  let stack: S3BulkStack;
  let template: Template;
  let findings: string[];

  beforeAll(() => {
    const built = testStack({
      batch: { importTableName: 'imports' },
      lambdaDestination: { roleArn: 'arn:aws:iam::444455556666:role/s3bulk-destination' },
      network: {
        vpcId: 'vpc-0123456789abcdef0',
        subnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
      },
    });
    stack = built.stack;
    template = Template.fromStack(stack);
    findings = unacknowledgedFindings(built.app);
  }, 180_000);

  it('has no CDK warnings or errors', () => {
    // Prepare
    const annotations = Annotations.fromStack(stack);

    // Assess
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('has no unacknowledged cdk-nag AwsSolutions errors or warnings', () => {
    // Assess
    expect(findings).toEqual([]);
  });

  it('is cdk-nag clean with the default network too', () => {
    // Act
    const { app } = testStack();

    // Assess
    expect(unacknowledgedFindings(app)).toEqual([]);
  }, 180_000);

  it('uses Resource "*" only for actions that have no resource-level permissions', () => {
    // Prepare
    const statements = iamStatements(template).map(({ statement }) => statement);

    // Act
    const star = statements.filter((s) => asList(s.Resource).includes('*'));

    // Assess
    expect(star.length).toBeGreaterThan(0);
    for (const statement of star) {
      expect(asList(statement.Action).every((a) => STAR_RESOURCE_ALLOWED.has(a))).toBe(true);
    }
  });

  it('scopes every S3 statement to named buckets and prefixes', () => {
    // Prepare
    const s3 = iamStatements(template)
      .map(({ statement }) => statement)
      .filter((s: Statement) => asList(s.Action).some((a) => a.startsWith('s3:')));

    // Act
    const resources = s3.flatMap((s) => asList(s.Resource)).map((r) => JSON.stringify(r));

    // Assess
    expect(s3.length).toBeGreaterThan(0);
    for (const resource of resources) {
      const named =
        /:s3:::(source-bucket|dest-bucket)/.test(resource) ||
        /"Fn::GetAtt":\["(IntakeInput|BatchOperationsReports)Bucket[0-9A-F]+","Arn"\]/.test(
          resource,
        );
      expect(named, resource).toBe(true);
    }
    // Object patterns end in a configured prefix, never at a bare bucket-wide "*" unless asked.
    expect(resources.join()).toContain('source-bucket/exports/*');
    expect(resources.join()).toContain('dest-bucket/copies/*');
    expect(resources.join()).not.toContain('source-bucket/*');
    // S3 actions are listed one by one: no s3:* or s3:Get* grants.
    expect(s3.flatMap((s) => asList(s.Action)).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('binds writes to the destination account with s3:ResourceAccount', () => {
    // Prepare
    const writes = iamStatements(template)
      .map(({ statement }) => statement)
      .filter((s) => JSON.stringify(s.Resource).includes('dest-bucket/copies/*'));

    // Assess
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) {
      expect(statement.Condition?.StringEquals?.['s3:ResourceAccount']).toBe('111122223333');
    }
  });

  it('encrypts every bucket, blocks public access, and denies requests without TLS', () => {
    // Prepare
    const buckets = template.findResources('AWS::S3::Bucket');
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));

    // Assess
    expect(Object.keys(buckets)).toHaveLength(3);
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties.BucketEncryption, id).toBeDefined();
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = policies.find((p) => p.Properties.Bucket.Ref === id);
      const statements = policy?.Properties.PolicyDocument.Statement as Statement[];
      expect(
        statements.some(
          (s) =>
            s.Effect === 'Deny' &&
            JSON.stringify(s.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}',
        ),
        id,
      ).toBe(true);
    }
  });

  it('denies the dead-letter queue to requests without TLS', () => {
    // Assess
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    expect(
      statements.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
  });

  it('lets the worker write only the configured DynamoDB import table', () => {
    // Prepare
    const dynamo = iamStatements(template)
      .map(({ statement }) => statement)
      .filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));

    // Assess
    expect(dynamo).toHaveLength(1);
    expect(JSON.stringify(dynamo[0]?.Resource)).toContain(':table/imports');
  });

  it('lets only the handler assume only the configured destination role', () => {
    // Prepare
    const sts = iamStatements(template).filter(({ statement }) =>
      asList(statement.Action).some((a) => a.startsWith('sts:')),
    );

    // Assess
    expect(sts).toHaveLength(1);
    expect(sts[0]?.id).toMatch(/^BatchOperationsHandlerRole/);
    expect(sts[0]?.statement).toEqual({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::444455556666:role/s3bulk-destination',
    });
  });
});
