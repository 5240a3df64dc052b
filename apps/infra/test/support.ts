import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { S3BulkStack, type S3BulkStackProps } from '../src/index.js';

export const INFRA_DIR = join(import.meta.dirname, '..');

/** The feature flags of cdk.json, so tests synthesize what `cdk synth` synthesizes. */
export const CDK_CONTEXT = (
  JSON.parse(readFileSync(join(INFRA_DIR, 'cdk.json'), 'utf8')) as { context: object }
).context;

export const FIXTURE_HANDLER = join(import.meta.dirname, 'fixtures/handler.ts');
export const fixtureImage = () =>
  ContainerImage.fromAsset(join(import.meta.dirname, 'fixtures/worker-image'));

/** An app whose cloud assembly goes to a fresh temporary folder. */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({
    context: { ...CDK_CONTEXT, ...context },
    outdir: mkdtempSync(join(tmpdir(), 's3bulk-infra-')),
  });
}

/** A cross-account setup: one source prefix, one destination bucket owned by another account. */
export const DATA_ACCESS: S3BulkStackProps['dataAccess'] = [
  { bucket: 'source-bucket', prefixes: ['exports/'], access: 'read' },
  {
    bucket: 'arn:aws:s3:::dest-bucket',
    prefixes: ['copies/'],
    access: 'readwrite',
    account: '111122223333',
  },
];

/** The whole stack with stand-in assets (the real ones are exercised by synth.test.ts). */
export function testStack(props: S3BulkStackProps = {}): { app: App; stack: S3BulkStack } {
  const app = newApp();
  const stack = new S3BulkStack(app, 'S3BulkTest', {
    dataAccess: DATA_ACCESS,
    lambdaEntry: FIXTURE_HANDLER,
    ...props,
    batch: { image: fixtureImage(), ...props.batch },
  });
  return { app, stack };
}

/** cdk-nag AwsSolutions findings nobody acknowledged, as `rule at path` lines. */
export function unacknowledgedFindings(scope: IConstruct): string[] {
  const report = new AwsSolutionsChecks(scope).validateScope(scope);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`,
    ),
  );
}

export type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

/** Every IAM statement of a template (policies and inline role policies), with where it is. */
export function iamStatements(template: Template): { id: string; statement: Statement }[] {
  const found: { id: string; statement: Statement }[] = [];
  const policies = template.findResources('AWS::IAM::Policy');
  for (const [id, resource] of Object.entries(policies)) {
    const document = resource.Properties.PolicyDocument as { Statement: Statement[] };
    for (const statement of document.Statement) found.push({ id, statement });
  }
  const roles = template.findResources('AWS::IAM::Role');
  for (const [id, resource] of Object.entries(roles)) {
    const inline = (resource.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[];
    for (const policy of inline) {
      for (const statement of policy.PolicyDocument.Statement) found.push({ id, statement });
    }
  }
  return found;
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The statements of one role's default policy. */
export function roleStatements(template: Template, stack: Stack, role: IConstruct): Statement[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as never);
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleId }] },
  });
  return Object.values(policies).flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}
