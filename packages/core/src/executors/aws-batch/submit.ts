import type { BatchClient, SubmitJobCommandInput } from '@aws-sdk/client-batch';
import { ConfigError } from '../../errors.js';
import { MAX_SHARDS } from './shard/shard-ref.js';
import { loadSdk } from '../../config/load-sdk.js';
import type { SubmitBatchJobOptions, SubmittedBatchJob } from './types.js';

// Batch job names: up to 128 letters, digits, hyphens and underscores, starting alphanumeric.
const JOB_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * The SubmitJob request of an s3bulk job: `s3_bucket`/`s3_key` parameters (the seed's
 * `Ref::s3_bucket Ref::s3_key` command), an array of `shards` children when more than one, and
 * the worker's settings as container environment overrides.
 */
export function buildSubmitJobInput(options: SubmitBatchJobOptions): SubmitJobCommandInput {
  const shards = options.shards ?? 1;
  if (!JOB_NAME.test(options.jobName)) {
    throw new ConfigError(
      `"${options.jobName}" is not a valid Batch job name (1-128 letters, digits, - or _, starting with a letter or digit)`,
    );
  }
  // Batch refuses array jobs of 1 child: N = 1 is a plain job.
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new ConfigError(`shards must be an integer from 1 to ${MAX_SHARDS}, got ${shards}`);
  }
  const environment = Object.entries(options.environment ?? {}).map(([name, value]) => ({
    name,
    value,
  }));
  return {
    jobName: options.jobName,
    jobQueue: options.jobQueue,
    jobDefinition: options.jobDefinition,
    parameters: {
      ...options.parameters,
      s3_bucket: options.manifest.bucket,
      s3_key: options.manifest.key,
    },
    ...(shards > 1 ? { arrayProperties: { size: shards } } : {}),
    ...(environment.length > 0 || options.command
      ? {
          containerOverrides: {
            ...(environment.length > 0 ? { environment } : {}),
            ...(options.command ? { command: [...options.command] } : {}),
          },
        }
      : {}),
    ...(options.attempts ? { retryStrategy: { attempts: options.attempts } } : {}),
    ...(options.timeoutSeconds
      ? { timeout: { attemptDurationSeconds: options.timeoutSeconds } }
      : {}),
    ...(options.tags ? { tags: { ...options.tags } } : {}),
    propagateTags: options.tags !== undefined,
  };
}

/** Submit the job; returns the id `jobs describe` follows. */
export async function submitAwsBatchJob(
  client: BatchClient,
  options: SubmitBatchJobOptions,
): Promise<SubmittedBatchJob> {
  const { SubmitJobCommand } = await loadSdk('batch');
  const res = await client.send(new SubmitJobCommand(buildSubmitJobInput(options)));
  if (!res.jobId) throw new ConfigError('AWS Batch accepted the job but returned no job id');
  return {
    jobId: res.jobId,
    jobName: res.jobName ?? options.jobName,
    ...(res.jobArn ? { jobArn: res.jobArn } : {}),
    shards: options.shards ?? 1,
  };
}
