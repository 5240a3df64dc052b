import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../../errors.js';
import { parseS3Url } from '../../s3/url.js';
import type { ShardRef } from './shard/types.js';
import type { ShardPlan } from './shard-work.js';
import { loadSdk } from '../../config/load-sdk.js';

/** How long a child waits for child 0 to record a sampled plan before sampling itself. */
const PLAN_WAIT_MS = 120_000;
const PLAN_POLL_MS = 1_000;

export interface ShardPlanOptions {
  readonly shard: ShardRef;
  /** What the planner records beyond the inputs: the key-space splits of prefix rows. */
  readonly derive?: () => Promise<Pick<ShardPlan, 'prefixSplits'>>;
  readonly signal?: AbortSignal;
  /** @default 120000 */
  readonly waitMs?: number;
}

interface PlanObject {
  readonly bucket: string;
  readonly key: string;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

async function readPlan(s3: S3Client, where: PlanObject): Promise<ShardPlan | undefined> {
  const { GetObjectCommand } = await loadSdk('s3');
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: where.bucket, Key: where.key }));
    return JSON.parse(await res.Body!.transformToString()) as ShardPlan;
  } catch (error) {
    if (statusOf(error) !== 404 && (error as Error).name !== 'NoSuchKey') throw error;
    return undefined;
  }
}

/** PUT the plan unless one exists (If-None-Match: *); false when another child won the race. */
async function writePlanOnce(s3: S3Client, where: PlanObject, plan: ShardPlan): Promise<boolean> {
  const { PutObjectCommand } = await loadSdk('s3');
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: where.bucket,
        Key: where.key,
        Body: `${JSON.stringify(plan)}\n`,
        ContentType: 'application/json',
        IfNoneMatch: '*',
      }),
    );
    return true;
  } catch (error) {
    // 412: a plan exists; 409: a concurrent conditional write is in flight.
    if (statusOf(error) === 412 || statusOf(error) === 409) return false;
    throw error;
  }
}

function refuseIfDifferent(jobId: string, stored: ShardPlan, plan: ShardPlan, sampled: boolean) {
  const differs = (['manifest', 'format', 'shards', 'etag'] as const).filter(
    (field) => stored[field] !== plan[field],
  );
  const what = differs.map(
    (f) => `${f} ${JSON.stringify(stored[f])} -> ${JSON.stringify(plan[f])}`,
  );
  if (sampled && !stored.prefixSplits) what.push('prefix rows not split by key space');
  if (what.length > 0) {
    throw new ConfigError(
      `job ${jobId} was planned differently (${what.join(', ')}); resume it with the same manifest and shard count, or start a new job`,
    );
  }
}

/**
 * Byte ranges and key slices only tile the manifest when every child and every attempt split
 * the same file the same way. The plan lives at `<checkpoint>/<jobId>/plan.json`, written once
 * (a conditional PUT, so racing children agree on one); with sampled key-space splits, child 0
 * samples and the others wait for its plan. Every later child uses the recorded plan, and one
 * with another shard count or a changed manifest is refused (exit 2) rather than skipping
 * tasks its checkpoint would wrongly count as done.
 * @returns the plan to run under: the recorded one
 */
export async function checkShardPlan(
  s3: S3Client,
  checkpoint: string,
  jobId: string,
  plan: ShardPlan,
  options: ShardPlanOptions,
): Promise<ShardPlan> {
  const { bucket, key: prefix } = parseS3Url(checkpoint);
  const where = { bucket, key: `${prefix}${jobId}/plan.json` };
  let stored = await readPlan(s3, where);
  if (!stored && options.derive && options.shard.index > 0) {
    const until = Date.now() + (options.waitMs ?? PLAN_WAIT_MS);
    while (!stored && Date.now() < until) {
      await sleep(PLAN_POLL_MS, undefined, options.signal ? { signal: options.signal } : {});
      stored = await readPlan(s3, where);
    }
  }
  if (!stored) {
    const planned: ShardPlan = { ...plan, ...(options.derive ? await options.derive() : {}) };
    if (await writePlanOnce(s3, where, planned)) return planned;
    stored = await readPlan(s3, where);
    if (!stored)
      throw new Error(`job ${jobId}: plan.json was refused as existing but cannot be read`);
  }
  refuseIfDifferent(jobId, stored, plan, options.derive !== undefined);
  return stored;
}
