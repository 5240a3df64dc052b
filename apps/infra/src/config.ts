import { Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { ConfigError } from '@s3bulk/core';
import type { AccessLevel, BucketAccess } from './bucket-access.js';
import type { S3BulkStackProps } from './s3bulk-stack.js';

/** Every context key the app reads (`cdk deploy -c s3bulk:maxVcpus=64`); docs/deploy.md lists them. */
export const CONTEXT_KEYS = {
  stackName: 's3bulk:stackName',
  sources: 's3bulk:sources',
  destinations: 's3bulk:destinations',
  vpcId: 's3bulk:vpcId',
  subnetIds: 's3bulk:subnetIds',
  maxVcpus: 's3bulk:maxVcpus',
  spot: 's3bulk:spot',
  jobVcpus: 's3bulk:jobVcpus',
  jobMemoryMiB: 's3bulk:jobMemoryMiB',
  jobTimeoutMinutes: 's3bulk:jobTimeoutMinutes',
  retryAttempts: 's3bulk:retryAttempts',
  header: 's3bulk:header',
  syncDelete: 's3bulk:syncDelete',
  shards: 's3bulk:shards',
  manifestKeyPrefix: 's3bulk:manifestKeyPrefix',
  importTableName: 's3bulk:importTableName',
  operation: 's3bulk:operation',
  manifestFormat: 's3bulk:manifestFormat',
  reportScope: 's3bulk:reportScope',
  concurrency: 's3bulk:concurrency',
  expectedBucketOwner: 's3bulk:expectedBucketOwner',
  expectedSourceBucketOwner: 's3bulk:expectedSourceBucketOwner',
  logRetentionDays: 's3bulk:logRetentionDays',
  reportExpirationDays: 's3bulk:reportExpirationDays',
  lambdaDestinationEndpointUrl: 's3bulk:lambdaDestinationEndpointUrl',
  lambdaDestinationRegion: 's3bulk:lambdaDestinationRegion',
  lambdaDestinationRoleArn: 's3bulk:lambdaDestinationRoleArn',
} as const;

/** Stack name used when `s3bulk:stackName` is not given. */
export const DEFAULT_STACK_NAME = 'S3Bulk';

type ContextReader = Pick<Node, 'tryGetContext'>;

/** The stack's props from CDK context; every value is checked and a bad one names its key. */
export function stackPropsFromContext(node: ContextReader): S3BulkStackProps {
  const get = (key: string): unknown => {
    const value: unknown = node.tryGetContext(key);
    return value === '' ? undefined : value;
  };
  const int = (key: string, min: number, max: number) => {
    const value = get(key);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(
        `context ${key}: expected an integer ${min}-${max}, got ${String(value)}`,
      );
    }
    return n;
  };
  const bool = (key: string) => {
    const value = get(key);
    if (value === undefined) return undefined;
    if (value === true || value === 'true' || value === 'True') return true;
    if (value === false || value === 'false' || value === 'False') return false;
    throw new ConfigError(`context ${key}: expected true or false, got ${String(value)}`);
  };
  const text = (key: string) => {
    const value = get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new ConfigError(`context ${key}: expected a string`);
    return value;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T)) {
      throw new ConfigError(`context ${key}: expected one of ${allowed.join(', ')}, got ${value}`);
    }
    return value as T;
  };
  const retention = (key: string) => {
    const days = int(key, 1, 3653);
    if (days === undefined) return undefined;
    if (!Object.values(RetentionDays).includes(days)) {
      throw new ConfigError(
        `context ${key}: ${days} is not a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, ...)`,
      );
    }
    return days as RetentionDays;
  };

  const operation = text(CONTEXT_KEYS.operation);
  if (operation !== undefined) {
    try {
      JSON.parse(operation);
    } catch (cause) {
      throw new ConfigError(`context ${CONTEXT_KEYS.operation}: not JSON`, { cause });
    }
  }
  const timeoutMinutes = int(CONTEXT_KEYS.jobTimeoutMinutes, 1, 14 * 24 * 60);
  const vpcId = text(CONTEXT_KEYS.vpcId);
  const subnetIds = list(get(CONTEXT_KEYS.subnetIds), CONTEXT_KEYS.subnetIds).map(String);
  const manifestKeyPrefix = text(CONTEXT_KEYS.manifestKeyPrefix);
  const matching = (key: string, pattern: RegExp, expected: string) => {
    const value = text(key);
    if (value !== undefined && !pattern.test(value)) {
      throw new ConfigError(`context ${key}: expected ${expected}, got ${value}`);
    }
    return value;
  };
  const lambdaDestination = {
    endpointUrl: matching(
      CONTEXT_KEYS.lambdaDestinationEndpointUrl,
      /^https?:\/\/[^\s/]+/,
      'an http(s) URL',
    ),
    region: matching(CONTEXT_KEYS.lambdaDestinationRegion, /^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region'),
    roleArn: matching(
      CONTEXT_KEYS.lambdaDestinationRoleArn,
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      'an IAM role ARN (arn:aws:iam::123456789012:role/name)',
    ),
  };
  return {
    dataAccess: [
      ...bucketAccessList(get(CONTEXT_KEYS.sources), CONTEXT_KEYS.sources, 'read'),
      ...bucketAccessList(get(CONTEXT_KEYS.destinations), CONTEXT_KEYS.destinations, 'readwrite'),
    ],
    network: vpcId === undefined && subnetIds.length === 0 ? undefined : { vpcId, subnetIds },
    batch: {
      maxVcpus: int(CONTEXT_KEYS.maxVcpus, 1, 100_000),
      spot: bool(CONTEXT_KEYS.spot),
      jobVcpus: int(CONTEXT_KEYS.jobVcpus, 1, 16),
      jobMemoryMiB: int(CONTEXT_KEYS.jobMemoryMiB, 512, 122_880),
      timeout: timeoutMinutes === undefined ? undefined : Duration.minutes(timeoutMinutes),
      retryAttempts: int(CONTEXT_KEYS.retryAttempts, 1, 10),
      header: bool(CONTEXT_KEYS.header),
      syncDelete: bool(CONTEXT_KEYS.syncDelete),
      importTableName: text(CONTEXT_KEYS.importTableName),
    },
    intake: {
      shards: int(CONTEXT_KEYS.shards, 1, 10_000),
      ...(manifestKeyPrefix === undefined ? {} : { keyPrefix: manifestKeyPrefix }),
    },
    operation,
    manifestFormat: oneOf(CONTEXT_KEYS.manifestFormat, ['pairs', 'csv', 'inventory', 'object']),
    reportScope: oneOf(CONTEXT_KEYS.reportScope, ['AllTasks', 'FailedTasksOnly'] as const),
    concurrency: int(CONTEXT_KEYS.concurrency, 1, 10_000),
    expectedBucketOwner: text(CONTEXT_KEYS.expectedBucketOwner),
    expectedSourceBucketOwner: text(CONTEXT_KEYS.expectedSourceBucketOwner),
    logRetention: retention(CONTEXT_KEYS.logRetentionDays),
    reportExpirationDays: int(CONTEXT_KEYS.reportExpirationDays, 1, 3650),
    lambdaDestination: Object.values(lambdaDestination).some((v) => v !== undefined)
      ? lambdaDestination
      : undefined,
  };
}

/** A comma-separated string (`-c key=a,b`) or a JSON array (cdk.json). */
function list(value: unknown, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) return list(parseJson(trimmed, key), key);
    return trimmed
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  throw new ConfigError(`context ${key}: expected a list`);
}

function parseJson(value: string, key: string): unknown {
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new ConfigError(`context ${key}: not JSON`, { cause });
  }
}

/**
 * Bucket access entries: `bucket`, `bucket/prefix/` or `arn:aws:s3:::bucket/prefix/`, each with
 * an optional `@123456789012` owner; or objects `{ bucket, prefixes?, account? }`.
 */
export function bucketAccessList(value: unknown, key: string, access: AccessLevel): BucketAccess[] {
  return list(value, key).map((item): BucketAccess => {
    if (typeof item === 'string') return parseBucketLocation(item, access);
    if (
      item &&
      typeof item === 'object' &&
      typeof (item as { bucket?: unknown }).bucket === 'string'
    ) {
      const entry = item as { bucket: string; prefixes?: unknown; account?: unknown };
      const prefixes = entry.prefixes === undefined ? undefined : list(entry.prefixes, key);
      if (prefixes?.some((p) => typeof p !== 'string')) {
        throw new ConfigError(`context ${key}: prefixes must be strings`);
      }
      return {
        bucket: entry.bucket,
        prefixes: prefixes as string[] | undefined,
        account: entry.account === undefined ? undefined : String(entry.account),
        access,
      };
    }
    throw new ConfigError(
      `context ${key}: expected "bucket[/prefix][@account]" or { "bucket": ..., "prefixes": [...] }`,
    );
  });
}

function parseBucketLocation(location: string, access: AccessLevel): BucketAccess {
  const owner = /@(\d{12})$/.exec(location);
  const path = owner ? location.slice(0, owner.index) : location;
  const withoutScheme = path.replace(/^s3:\/\//, '').replace(/^arn:aws[a-z-]*:s3:::/, '');
  const slash = withoutScheme.indexOf('/');
  const bucket = slash < 0 ? withoutScheme : withoutScheme.slice(0, slash);
  const prefix = slash < 0 ? '' : withoutScheme.slice(slash + 1);
  return { bucket, prefixes: [prefix], access, account: owner?.[1] };
}
