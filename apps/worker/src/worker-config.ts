import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  DEFAULT_ENGINE_SETTINGS,
  ENV,
  assertJobId,
  bucketNameProblem,
  isS3Url,
  validateCsvFields,
  validateShard,
  type CsvField,
  type ReportScope,
  type ShardRef,
} from '@s3bulk/core';

/** Manifest formats of the worker: core's, plus `object` (the named object is the only task). */
export type WorkerManifestFormat = 'pairs' | 'csv' | 'inventory' | 'object';

/** Everything one worker process runs with, from its command line and environment. */
export interface WorkerConfig {
  readonly manifest: {
    readonly bucket: string;
    readonly key: string;
    readonly format: WorkerManifestFormat;
    readonly header: boolean;
    readonly fields?: readonly CsvField[];
  };
  /** The seed's `sync_delete` argument: pairs prefix rows delete extra destination objects. */
  readonly syncDelete: boolean;
  /** `Operation` JSON text, when given. */
  readonly operation?: string;
  readonly tableName?: string;
  readonly jobId: string;
  readonly shard: ShardRef;
  /** Batch attempt, 1-based. */
  readonly attempt: number;
  /** `s3://bucket/prefix/` under which `<jobId>/shard-<i>/` holds this shard's checkpoint. */
  readonly checkpoint: string;
  readonly report?: { readonly location: string; readonly scope: ReportScope };
  readonly concurrency: number;
  readonly aws: {
    readonly region?: string;
    readonly endpointUrl?: string;
    readonly expectedBucketOwner?: string;
    readonly expectedSourceBucketOwner?: string;
  };
  /** Seconds after start when the worker stops itself, retryably (`ENV.deadlineSeconds`). */
  readonly deadlineSeconds?: number;
  readonly multipartThreshold?: number;
  readonly partSize?: number;
}

export const WORKER_USAGE =
  'usage: worker <bucket> <key> [header True|False] [sync_delete True|False] [--operation JSON] [--format pairs|csv|inventory|object] [--fields Bucket,Key] [--report s3://b/p] [--report-scope AllTasks|FailedTasksOnly] [--checkpoint s3://b/p] [--concurrency N] [--job-id ID]';

const FORMATS: readonly WorkerManifestFormat[] = ['pairs', 'csv', 'inventory', 'object'];

/** The seed passes Python's `True`/`False`; accept any case and 1/0 too. */
function flag(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  throw new ConfigError(`${name} must be True or False, got "${value}"`);
}

function integer(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${value}"`);
  }
  return n;
}

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConfigError(`${name} must be a number of seconds > 0, got "${value}"`);
  }
  return n;
}

function s3Location(value: string, name: string): string {
  if (!isS3Url(value)) throw new ConfigError(`${name} must be an s3:// URL, got "${value}"`);
  return value.endsWith('/') ? value : `${value}/`;
}

/** The Batch job id without the `:<index>` an array child carries: shared by all children. */
function batchParentId(id: string | undefined): string | undefined {
  return id?.replace(/:\d+$/, '');
}

/**
 * Read the worker's settings: the seed command `<bucket> <key> <header> <sync_delete>` as
 * positionals, options as flags or as the `ENV` variables the job definition sets (a flag wins).
 * Throws `ConfigError` saying what is wrong.
 */
export function parseWorkerConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): WorkerConfig {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        operation: { type: 'string' },
        format: { type: 'string' },
        fields: { type: 'string' },
        report: { type: 'string' },
        'report-scope': { type: 'string' },
        checkpoint: { type: 'string' },
        concurrency: { type: 'string' },
        'job-id': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${WORKER_USAGE}`, { cause: error });
  }
  const { values, positionals } = parsed;
  const [bucket, key, header, syncDelete, ...extra] = positionals;
  if (!bucket || !key || extra.length > 0) {
    throw new ConfigError(`expected <bucket> <key> [header] [sync_delete]\n${WORKER_USAGE}`);
  }
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) throw new ConfigError(`manifest bucket: ${bucketProblem}`);

  const operation = values.operation ?? env[ENV.operation];
  const tableName = env[ENV.tableName] || undefined;
  // The seed of the DynamoDB import passes the CSV itself: then the object is the manifest.
  const defaultFormat = !operation && tableName ? 'object' : 'pairs';
  const format = (values.format ??
    env[ENV.manifestFormat] ??
    defaultFormat) as WorkerManifestFormat;
  if (!FORMATS.includes(format)) {
    throw new ConfigError(`manifest format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const fieldsText = values.fields ?? env[ENV.manifestFields];
  const scope = values['report-scope'] ?? env[ENV.reportScope] ?? 'AllTasks';
  if (scope !== 'AllTasks' && scope !== 'FailedTasksOnly') {
    throw new ConfigError(`report scope must be AllTasks or FailedTasksOnly, got "${scope}"`);
  }
  const report = values.report ?? env[ENV.report];

  const count =
    integer(env[ENV.batchArraySize], ENV.batchArraySize, 1) ??
    integer(env[ENV.shards], ENV.shards, 1) ??
    1;
  const index = integer(env[ENV.batchArrayIndex], ENV.batchArrayIndex, 0);
  // Without an index every process would run shard 0 and the other shards nobody.
  if (count > 1 && index === undefined) {
    throw new ConfigError(
      `${count} shards but no ${ENV.batchArrayIndex}: submit an array job (arrayProperties.size ${count}) or set the index`,
    );
  }
  const shard = validateShard({ index: index ?? 0, count });

  // Every attempt and every child must agree on the job id: Batch's parent id is stable.
  const jobId = assertJobId(
    values['job-id'] ??
      env[ENV.jobId] ??
      batchParentId(env[ENV.batchJobId]) ??
      `manual-${createHash('sha256').update(`${bucket}/${key}`).digest('hex').slice(0, 16)}`,
  );
  const multipartThreshold = integer(env[ENV.multipartThreshold], ENV.multipartThreshold, 1);
  const partSize = integer(env[ENV.partSize], ENV.partSize, 1);
  const region = env[ENV.awsRegion] || env.AWS_DEFAULT_REGION || undefined;
  const endpointUrl = env[ENV.awsEndpointUrl] || undefined;
  const owner = env[ENV.expectedBucketOwner] || undefined;
  const sourceOwner = env[ENV.expectedSourceBucketOwner] || undefined;
  const deadlineSeconds = seconds(env[ENV.deadlineSeconds], ENV.deadlineSeconds);
  return {
    manifest: {
      bucket,
      key,
      format,
      header: flag(header, 'header', false),
      ...(fieldsText
        ? { fields: validateCsvFields(fieldsText.split(',').map((f) => f.trim())) }
        : {}),
    },
    syncDelete: flag(syncDelete, 'sync_delete', false),
    ...(operation ? { operation } : {}),
    ...(tableName ? { tableName } : {}),
    jobId,
    shard,
    attempt: integer(env[ENV.batchJobAttempt], ENV.batchJobAttempt, 1) ?? 1,
    checkpoint: s3Location(
      values.checkpoint ?? env[ENV.checkpoint] ?? `s3://${bucket}/.s3bulk/checkpoints/`,
      'checkpoint',
    ),
    ...(report ? { report: { location: s3Location(report, 'report'), scope } } : {}),
    concurrency:
      integer(values.concurrency ?? env[ENV.concurrency], 'concurrency', 1) ??
      DEFAULT_ENGINE_SETTINGS.concurrency,
    aws: {
      ...(region ? { region } : {}),
      ...(endpointUrl ? { endpointUrl } : {}),
      ...(owner ? { expectedBucketOwner: owner } : {}),
      ...(sourceOwner ? { expectedSourceBucketOwner: sourceOwner } : {}),
    },
    ...(deadlineSeconds ? { deadlineSeconds } : {}),
    ...(multipartThreshold ? { multipartThreshold } : {}),
    ...(partSize ? { partSize } : {}),
  };
}
