import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@s3bulk/core';
import { bucketAccessList, CONTEXT_KEYS, stackPropsFromContext } from '../src/index.js';

const fromContext = (context: Record<string, unknown>) =>
  stackPropsFromContext({ tryGetContext: (key: string) => context[key] });

describe('config: CDK context', () => {
  it('gives an empty configuration without context', () => {
    // Act
    const props = fromContext({});

    // Assess
    expect(props.dataAccess).toEqual([]);
    expect(props.network).toBeUndefined();
    expect(props.batch?.maxVcpus).toBeUndefined();
  });

  it.each([
    ['a bucket', 'my-bucket', { bucket: 'my-bucket', prefixes: [''] }],
    [
      'a bucket and prefix',
      'my-bucket/exports/2024/',
      { bucket: 'my-bucket', prefixes: ['exports/2024/'] },
    ],
    ['an s3 URL', 's3://my-bucket/in/', { bucket: 'my-bucket', prefixes: ['in/'] }],
    ['an ARN', 'arn:aws:s3:::my-bucket/in/', { bucket: 'my-bucket', prefixes: ['in/'] }],
    [
      'an owner',
      'my-bucket/in/@111122223333',
      { bucket: 'my-bucket', prefixes: ['in/'], account: '111122223333' },
    ],
    [
      'an object',
      { bucket: 'my-bucket', prefixes: ['a/', 'b/'], account: '111122223333' },
      { bucket: 'my-bucket', prefixes: ['a/', 'b/'], account: '111122223333' },
    ],
  ])('reads %s', (_name, entry, expected) => {
    // Act
    const [access] = bucketAccessList([entry], CONTEXT_KEYS.sources, 'read');

    // Assess
    expect(access).toEqual({ account: undefined, ...expected, access: 'read' });
  });

  it('reads lists given on the command line, comma separated or as JSON', () => {
    // Act
    const props = fromContext({
      [CONTEXT_KEYS.sources]: 'src-a/in/, src-b',
      [CONTEXT_KEYS.destinations]: '["dst-a/out/"]',
      [CONTEXT_KEYS.vpcId]: 'vpc-1',
      [CONTEXT_KEYS.subnetIds]: 'subnet-1,subnet-2',
    });

    // Assess
    expect(props.dataAccess?.map((a) => [a.bucket, a.access])).toEqual([
      ['src-a', 'read'],
      ['src-b', 'read'],
      ['dst-a', 'readwrite'],
    ]);
    expect(props.network).toEqual({ vpcId: 'vpc-1', subnetIds: ['subnet-1', 'subnet-2'] });
  });

  it('reads numbers, switches and texts given as strings', () => {
    // Act
    const props = fromContext({
      [CONTEXT_KEYS.maxVcpus]: '64',
      [CONTEXT_KEYS.spot]: 'true',
      [CONTEXT_KEYS.jobTimeoutMinutes]: '30',
      [CONTEXT_KEYS.syncDelete]: 'True',
      [CONTEXT_KEYS.shards]: '100',
      [CONTEXT_KEYS.operation]: '{"S3PutObjectTagging":{"TagSet":[]}}',
      [CONTEXT_KEYS.reportScope]: 'FailedTasksOnly',
      [CONTEXT_KEYS.logRetentionDays]: '90',
    });

    // Assess
    expect(props.batch).toMatchObject({ maxVcpus: 64, spot: true, syncDelete: true });
    expect(props.batch?.timeout?.toMinutes()).toBe(Duration.minutes(30).toMinutes());
    expect(props.intake?.shards).toBe(100);
    expect(props.reportScope).toBe('FailedTasksOnly');
    expect(props.logRetention).toBe(90);
  });

  it('reads the handler destination, and leaves it out when none is given', () => {
    // Act
    const props = fromContext({
      [CONTEXT_KEYS.lambdaDestinationEndpointUrl]: 'https://s3.other.example',
      [CONTEXT_KEYS.lambdaDestinationRegion]: 'eu-central-1',
      [CONTEXT_KEYS.lambdaDestinationRoleArn]: 'arn:aws:iam::444455556666:role/path/dest',
    });

    // Assess
    expect(props.lambdaDestination).toEqual({
      endpointUrl: 'https://s3.other.example',
      region: 'eu-central-1',
      roleArn: 'arn:aws:iam::444455556666:role/path/dest',
    });
    expect(fromContext({}).lambdaDestination).toBeUndefined();
  });

  it.each([
    [CONTEXT_KEYS.lambdaDestinationEndpointUrl, 's3.other.example'],
    [CONTEXT_KEYS.lambdaDestinationRegion, 'Frankfurt'],
    [CONTEXT_KEYS.lambdaDestinationRoleArn, 'arn:aws:iam::444455556666:user/someone'],
    [CONTEXT_KEYS.maxVcpus, 'lots'],
    [CONTEXT_KEYS.spot, 'maybe'],
    [CONTEXT_KEYS.shards, '0'],
    [CONTEXT_KEYS.operation, '{not json'],
    [CONTEXT_KEYS.logRetentionDays, '45'],
    [CONTEXT_KEYS.reportScope, 'SomeTasks'],
    [CONTEXT_KEYS.sources, '[{"prefixes":["a/"]}]'],
  ])('names %s when its value %j is wrong', (key, value) => {
    // Act / Assess
    expect(() => fromContext({ [key]: value })).toThrow(ConfigError);
    expect(() => fromContext({ [key]: value })).toThrow(key);
  });
});
