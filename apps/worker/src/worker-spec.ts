import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  ENV,
  assertJobId,
  bucketNameProblem,
  formatS3Url,
  isS3Url,
  parseShardSpecLocation,
  validateShard,
  type AwsSettings,
  type ManifestFormat,
  type SeedJob,
  type ShardRef,
  type ShardSpecSource,
} from '@s3bulk/core';
import { flag, integer, jsonObject, seconds, s3Prefix } from './env-values.js';

/** What one worker process runs: where its job comes from, and which child and attempt it is. */
export interface WorkerInput {
  readonly source: ShardSpecSource;
  /** The id every child and attempt shares (the spec's own wins when it has one). */
  readonly jobId: string;
  readonly shard: ShardRef;
  /** Batch attempt, 1-based. */
  readonly attempt: number;
  /** `s3://bucket/prefix/` under which `<jobId>/shard-<i>/` holds this shard's checkpoint. */
  readonly checkpoint: string;
  /** Where this process reaches AWS (`AWS_REGION`, `AWS_ENDPOINT_URL`). */
  readonly aws: AwsSettings;
  /** Seconds after start when the worker stops itself, retryably (`ENV.deadlineSeconds`). */
  readonly deadlineSeconds?: number;
}

export const WORKER_USAGE = `usage: worker [--spec s3://…/spec.json] | worker <bucket> <key> [header True|False] [sync_delete True|False] (settings from ${ENV.spec}, ${ENV.operation}, ${ENV.manifestFormat}, …)`;

const FORMATS = ['pairs', 'csv', 'inventory', 'object'];

/**
 * Read a worker's input: the spec `s3bulk submit` wrote (`--spec` or `S3BULK_SPEC`), else the
 * seed's `<bucket> <key> <header> <sync_delete>` with the `S3BULK_*` variables the EventBridge
 * rule sets. Throws `ConfigError` saying what is wrong.
 */
export function parseWorkerInput(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): WorkerInput {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { spec: { type: 'string' } },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n${WORKER_USAGE}`, { cause: error });
  }
  const specLocation = parsed.values.spec ?? (env[ENV.spec] || undefined);
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
  const region = env[ENV.awsRegion] || env.AWS_DEFAULT_REGION || undefined;
  const endpointUrl = env[ENV.awsEndpointUrl] || undefined;
  const deadlineSeconds = seconds(env[ENV.deadlineSeconds], ENV.deadlineSeconds);
  const common = {
    shard: validateShard({ index: index ?? 0, count }),
    attempt: integer(env[ENV.batchJobAttempt], ENV.batchJobAttempt, 1) ?? 1,
    aws: { ...(region ? { region } : {}), ...(endpointUrl ? { endpointUrl } : {}) },
    ...(deadlineSeconds ? { deadlineSeconds } : {}),
  };
  // Every attempt and every child must agree on the job id: Batch's parent id is stable.
  const givenJobId = env[ENV.jobId] || env[ENV.batchJobId]?.replace(/:\d+$/, '') || undefined;
  if (specLocation) {
    if (!isS3Url(specLocation)) throw new ConfigError(`${ENV.spec} must be an s3:// URL`);
    const beside = parseShardSpecLocation(specLocation);
    const checkpoint = env[ENV.checkpoint] ?? beside?.checkpoint;
    const jobId = beside?.jobId ?? givenJobId;
    if (!checkpoint || !jobId) {
      throw new ConfigError(
        `${specLocation} is not <checkpoint>/<jobId>/spec.json: set ${ENV.checkpoint} and ${ENV.jobId}`,
      );
    }
    return {
      source: { kind: 'file', location: specLocation },
      jobId: assertJobId(jobId),
      checkpoint: s3Prefix(checkpoint, 'checkpoint'),
      ...common,
    };
  }
  const [bucket, key, header, syncDelete, ...extra] = parsed.positionals;
  if (!bucket || !key || extra.length > 0) {
    throw new ConfigError(`expected <bucket> <key> [header] [sync_delete]\n${WORKER_USAGE}`);
  }
  const bucketProblem = bucketNameProblem(bucket);
  if (bucketProblem) throw new ConfigError(`manifest bucket: ${bucketProblem}`);
  const location = formatS3Url(bucket, key);
  return {
    source: { kind: 'seed', seed: seedJob(location, header, syncDelete, env) },
    jobId: assertJobId(
      givenJobId ?? `manual-${createHash('sha256').update(location).digest('hex').slice(0, 16)}`,
    ),
    checkpoint: s3Prefix(
      env[ENV.checkpoint] ?? `s3://${bucket}/.s3bulk/checkpoints/`,
      'checkpoint',
    ),
    ...common,
  };
}

/** The seed's positionals and the EventBridge rule's environment, as core's `SeedJob`. */
function seedJob(
  location: string,
  header: string | undefined,
  syncDelete: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): SeedJob {
  const operation = jsonObject(env[ENV.operation], ENV.operation);
  const tableName = env[ENV.tableName] || undefined;
  // The seed of the DynamoDB import passes the CSV itself: then the object is the manifest.
  const format = env[ENV.manifestFormat] || (!operation && tableName ? 'object' : undefined);
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new ConfigError(`manifest format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  }
  const scope = env[ENV.reportScope] || 'AllTasks';
  if (scope !== 'AllTasks' && scope !== 'FailedTasksOnly') {
    throw new ConfigError(`report scope must be AllTasks or FailedTasksOnly, got "${scope}"`);
  }
  const report = env[ENV.report] || undefined;
  const fields = env[ENV.manifestFields] || undefined;
  const concurrency = integer(env[ENV.concurrency], 'concurrency', 1);
  const multipartThreshold = integer(env[ENV.multipartThreshold], ENV.multipartThreshold, 1);
  const partSize = integer(env[ENV.partSize], ENV.partSize, 1);
  const owner = env[ENV.expectedBucketOwner] || undefined;
  const sourceOwner = env[ENV.expectedSourceBucketOwner] || undefined;
  return {
    manifest:
      format === 'object'
        ? { format: 'object', location }
        : {
            location,
            ...(format ? { format: format as ManifestFormat } : {}),
            header: flag(header, 'header', false),
            ...(fields ? { fields } : {}),
          },
    ...(operation ? { operation } : {}),
    syncDelete: flag(syncDelete, 'sync_delete', false),
    ...(tableName ? { tableName } : {}),
    ...(report
      ? { report: { location: s3Prefix(report, 'report'), scope: scope as 'AllTasks' } }
      : {}),
    engine: concurrency ? { concurrency } : {},
    aws: {
      ...(owner ? { expectedBucketOwner: owner } : {}),
      ...(sourceOwner ? { expectedSourceBucketOwner: sourceOwner } : {}),
    },
    ...(multipartThreshold || partSize
      ? {
          operationSettings: {
            ...(multipartThreshold ? { multipartThreshold } : {}),
            ...(partSize ? { partSize } : {}),
          },
        }
      : {}),
  };
}
