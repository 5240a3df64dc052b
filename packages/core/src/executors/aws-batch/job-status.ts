import type { BatchClient } from '@aws-sdk/client-batch';
import type { S3Client } from '@aws-sdk/client-s3';
import { ENV } from '../../config/env.js';
import { describeAwsBatchJob } from './describe.js';
import {
  parseShardSpecLocation,
  readShardProgress,
  type ShardProgress,
} from './shard-checkpoints.js';
import type { BatchJobInfo } from './types.js';

/** A Batch job of s3bulk, with object progress from its shards' checkpoints. */
export interface S3BulkBatchJobStatus {
  readonly job: BatchJobInfo;
  /** `s3://` prefix the checkpoints are under (`<checkpoint>/<jobId>/shard-<i>/`). */
  readonly checkpoint?: string;
  /** Objects done so far, added up over the shards; absent when the checkpoints are unreadable. */
  readonly progress?: Omit<ShardProgress, 'states'> & {
    /** Shards by s3bulk job status (Active, Complete, ...; `NotStarted` for none yet). */
    readonly shardStatus: Readonly<Record<string, number>>;
  };
  /** Why progress is missing, when it is. */
  readonly progressUnavailable?: string;
}

/**
 * Where the worker keeps checkpoints for a job: beside the spec `S3BULK_SPEC` names, else `S3BULK_CHECKPOINT` of its container, else the
 * worker's default next to the manifest (`s3://<s3_bucket>/.s3bulk/checkpoints/`).
 */
export function checkpointOf(job: BatchJobInfo): string | undefined {
  const spec = parseShardSpecLocation(job.environment?.[ENV.spec] ?? '');
  if (spec) return spec.checkpoint;
  const set = job.environment?.[ENV.checkpoint];
  if (set) return set;
  const bucket = job.parameters?.s3_bucket;
  return bucket ? `s3://${bucket}/.s3bulk/checkpoints/` : undefined;
}

/**
 * The s3bulk job id of a Batch job: the one its spec location names (`s3bulk submit`), else `S3BULK_JOB_ID` when it was submitted to resume an earlier
 * job, else the Batch (parent) job id the worker falls back to.
 */
export function s3bulkJobIdOf(job: BatchJobInfo): string {
  const spec = parseShardSpecLocation(job.environment?.[ENV.spec] ?? '');
  if (spec) return spec.jobId;
  return job.environment?.[ENV.jobId] || job.jobId.replace(/:\d+$/, '');
}

/** Shards of a job: the array size, or the `S3BULK_SHARDS` it was given, else 1. */
export function shardCountOf(job: BatchJobInfo): number {
  const fromEnv = Number(job.environment?.[ENV.shards]);
  return job.arraySize ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1);
}

/**
 * Describe a job as `s3bulk jobs describe` shows it: Batch's view (state, children by state)
 * and s3bulk's (objects succeeded and failed, read from the checkpoints).
 */
export async function describeS3BulkBatchJob(options: {
  readonly batch: BatchClient;
  readonly s3: S3Client;
  readonly jobId: string;
  /** Overrides where checkpoints are looked for. */
  readonly checkpoint?: string;
}): Promise<S3BulkBatchJobStatus> {
  const job = await describeAwsBatchJob(options.batch, options.jobId);
  const checkpoint = options.checkpoint ?? checkpointOf(job);
  if (!checkpoint) return { job, progressUnavailable: 'no checkpoint location known' };
  // A child (`<id>:<n>`) shares its parent's checkpoints; show its own shard only.
  const child = /^(.+):(\d+)$/.exec(job.jobId);
  const jobId = s3bulkJobIdOf(job);
  try {
    const all = await readShardProgress(options.s3, checkpoint, jobId, shardCountOf(job));
    const states = child ? [all.states[Number(child[2])]] : all.states;
    const shardStatus: Record<string, number> = {};
    for (const s of states) {
      const key = s?.status ?? 'NotStarted';
      shardStatus[key] = (shardStatus[key] ?? 0) + 1;
    }
    const sum = (pick: (s: NonNullable<(typeof states)[number]>) => number) =>
      states.reduce((n, s) => n + (s ? pick(s) : 0), 0);
    return {
      job,
      checkpoint,
      progress: {
        shards: states.length,
        succeeded: sum((s) => s.counters.succeeded),
        failed: sum((s) => s.counters.failed),
        bytes: sum((s) => s.counters.bytes),
        finished: states.filter((s) => s && ['Complete', 'Failed', 'Cancelled'].includes(s.status))
          .length,
        shardStatus,
      },
    };
  } catch (error) {
    return { job, checkpoint, progressUnavailable: (error as Error).message };
  }
}
