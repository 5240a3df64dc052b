import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV, WORKER_EXIT } from '@s3bulk/core';
import { FargateBatch, type FargateBatchProps } from '../src/index.js';
import { fixtureImage, newApp, roleStatements } from './support.js';

function fargateBatch(props: Partial<FargateBatchProps> = {}) {
  const stack = new Stack(newApp(), 'BatchTest');
  const vpc = new Vpc(stack, 'Vpc', {
    natGateways: 0,
    subnetConfiguration: [{ name: 'public', subnetType: SubnetType.PUBLIC }],
  });
  const workspace = new Bucket(stack, 'Workspace');
  const batch = new FargateBatch(stack, 'Batch', {
    vpc,
    image: fixtureImage(),
    dataAccess: [{ bucket: 'source-bucket', prefixes: ['in/'], access: 'read' }],
    workspace: { bucket: workspace },
    ...props,
  });
  return { stack, batch, template: Template.fromStack(stack) };
}

type EvaluateOnExit = { Action: string; OnExitCode?: string; OnReason?: string };

/** AWS Batch's rule: the first condition whose globs all match decides; no match retries. */
function batchDecision(rules: EvaluateOnExit[], exit: { code?: number; reason?: string }) {
  const glob = (pattern: string | undefined, value: string | undefined) => {
    if (pattern === undefined) return true;
    if (value === undefined) return false;
    return pattern.endsWith('*') ? value.startsWith(pattern.slice(0, -1)) : value === pattern;
  };
  const rule = rules.find(
    (r) =>
      glob(r.OnExitCode, exit.code === undefined ? undefined : String(exit.code)) &&
      glob(r.OnReason, exit.reason),
  );
  return rule?.Action ?? 'RETRY';
}

let retryRules: EvaluateOnExit[] | undefined;
/** The job definition's rules, synthesized once for all the exit cases. */
function renderedRetryRules(): EvaluateOnExit[] {
  if (!retryRules) {
    const { template } = fargateBatch();
    const definition = Object.values(template.findResources('AWS::Batch::JobDefinition'))[0];
    retryRules = definition?.Properties.RetryStrategy.EvaluateOnExit as EvaluateOnExit[];
  }
  return retryRules;
}

describe('construct: FargateBatch', () => {
  it('creates a Fargate compute environment, a queue and a job definition with the seed command', () => {
    // Prepare / Act
    const { template } = fargateBatch();

    // Assess
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      Type: 'managed',
      ComputeResources: Match.objectLike({ Type: 'FARGATE', MaxvCpus: 16 }),
    });
    template.resourceCountIs('AWS::Batch::JobQueue', 1);
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      PlatformCapabilities: ['FARGATE'],
      Parameters: { header: 'True', sync_delete: 'False' },
      Timeout: { AttemptDurationSeconds: 4 * 3600 },
      ContainerProperties: Match.objectLike({
        Command: ['Ref::s3_bucket', 'Ref::s3_key', 'Ref::header', 'Ref::sync_delete'],
        ResourceRequirements: Match.arrayWith([
          { Type: 'MEMORY', Value: '2048' },
          { Type: 'VCPU', Value: '1' },
        ]),
        NetworkConfiguration: { AssignPublicIp: 'ENABLED' },
        Environment: Match.arrayWith([
          Match.objectLike({ Name: ENV.report }),
          Match.objectLike({ Name: ENV.checkpoint }),
        ]),
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it.each([
    [
      'max vCPUs',
      { maxVcpus: 256 },
      'AWS::Batch::ComputeEnvironment',
      { ComputeResources: Match.objectLike({ MaxvCpus: 256 }) },
    ],
    [
      'Fargate Spot',
      { spot: true },
      'AWS::Batch::ComputeEnvironment',
      { ComputeResources: Match.objectLike({ Type: 'FARGATE_SPOT' }) },
    ],
    [
      'vCPU and memory',
      { jobVcpus: 2, jobMemoryMiB: 8192 },
      'AWS::Batch::JobDefinition',
      {
        ContainerProperties: Match.objectLike({
          ResourceRequirements: Match.arrayWith([
            { Type: 'MEMORY', Value: '8192' },
            { Type: 'VCPU', Value: '2' },
          ]),
        }),
      },
    ],
    [
      'timeout and attempts',
      { timeout: Duration.minutes(30), retryAttempts: 5 },
      'AWS::Batch::JobDefinition',
      {
        Timeout: { AttemptDurationSeconds: 1800 },
        RetryStrategy: Match.objectLike({ Attempts: 5 }),
      },
    ],
    [
      'sync delete default',
      { syncDelete: true, header: false },
      'AWS::Batch::JobDefinition',
      { Parameters: { header: 'False', sync_delete: 'True' } },
    ],
  ] as const)('honours %s', (_name, props, type, expected) => {
    // Prepare / Act
    const { template } = fargateBatch(props as Partial<FargateBatchProps>);

    // Assess
    template.hasResourceProperties(type, expected);
  });

  it.each([
    ['the default timeout', {}, 4 * 3600, 4 * 3600 - 600],
    ['a 30 minute timeout', { timeout: Duration.minutes(30) }, 1800, 1200],
    ['a 2 minute timeout (margin at most half)', { timeout: Duration.minutes(2) }, 120, 60],
    [
      'a custom margin',
      { timeout: Duration.hours(1), deadlineMargin: Duration.minutes(1) },
      3600,
      3540,
    ],
  ] as const)(
    'gives the worker a deadline before %s, from the same value',
    (_name, props, timeout, deadline) => {
      // Prepare / Act
      const { template } = fargateBatch(props as Partial<FargateBatchProps>);

      // Assess: Batch never retries a timed-out attempt; the worker's own stop (exit 75) is retried
      template.hasResourceProperties('AWS::Batch::JobDefinition', {
        Timeout: { AttemptDurationSeconds: timeout },
        ContainerProperties: Match.objectLike({
          Environment: Match.arrayWith([{ Name: ENV.deadlineSeconds, Value: String(deadline) }]),
        }),
      });
      expect(batchDecision(renderedRetryRules(), { code: WORKER_EXIT.retryable })).toBe('RETRY');
    },
  );

  it.each([
    ['retryable', { code: WORKER_EXIT.retryable }, 'RETRY'],
    ['interrupted (SIGTERM)', { code: WORKER_EXIT.interrupted }, 'RETRY'],
    ['killed (SIGKILL, OOM)', { code: 137 }, 'RETRY'],
    ['image pull failure', { reason: 'CannotPullContainerError: pull access denied' }, 'RETRY'],
    [
      'task that never started',
      { reason: 'ResourceInitializationError: unable to pull secrets' },
      'RETRY',
    ],
    ['permanent', { code: WORKER_EXIT.permanent }, 'EXIT'],
    ['tasks failed and reported', { code: WORKER_EXIT.tasksFailed }, 'EXIT'],
    ['failure threshold crossed', { code: WORKER_EXIT.jobFailed }, 'EXIT'],
    ['unexpected crash', { code: 1 }, 'EXIT'],
  ] as const)('evaluateOnExit: %s -> %s', (_name, exit, action) => {
    // Prepare
    const rules = renderedRetryRules();

    // Act / Assess
    expect(rules.length).toBeLessThanOrEqual(5);
    expect(batchDecision(rules, exit)).toBe(action);
  });

  it('gives the job role the configured prefixes and its workspace, nothing else', () => {
    // Prepare / Act
    const { stack, batch, template } = fargateBatch();
    const statements = roleStatements(template, stack, batch.jobRole);

    // Assess
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).toContain(':s3:::source-bucket/in/*');
    expect(resources).toContain('/reports/*');
    expect(resources).toContain('/checkpoints/*');
    expect(statements.every((s) => s.Resource !== '*')).toBe(true);
    const sourceWrites = statements.filter(
      (s) =>
        JSON.stringify(s.Resource).includes('source-bucket/in/*') &&
        JSON.stringify(s.Action).includes('s3:PutObject'),
    );
    expect(sourceWrites).toEqual([]);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })],
      }),
      Description: Match.stringLikeRegexp('s3bulk worker'),
    });
  });

  it.each([
    ['maxVcpus 0', { maxVcpus: 0 }],
    ['retryAttempts 11', { retryAttempts: 11 }],
    [
      'a wildcard prefix',
      { dataAccess: [{ bucket: 'b-bucket', prefixes: ['a*'], access: 'read' as const }] },
    ],
    ['a bad bucket name', { dataAccess: [{ bucket: 'Bad_Bucket', access: 'read' as const }] }],
  ])('refuses %s with a ConfigError', (_name, props) => {
    // Act / Assess
    expect(() => fargateBatch(props)).toThrow(ConfigError);
  });
});
