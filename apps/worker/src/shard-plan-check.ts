import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigError, parseS3Url } from '@s3bulk/core';
import type { ShardPlan } from './shard-work.js';

/**
 * Byte ranges and key slices only tile the manifest when every child and every attempt split
 * the same file the same way. The first child records the plan at `<checkpoint>/<jobId>/plan.json`;
 * a later one (a retry, a `--resume`) with another shard count or a changed manifest is refused
 * (exit 2) rather than skipping tasks its checkpoint would wrongly count as done.
 */
export async function checkShardPlan(
  s3: S3Client,
  checkpoint: string,
  jobId: string,
  plan: ShardPlan,
): Promise<void> {
  const { bucket, key: prefix } = parseS3Url(checkpoint);
  const key = `${prefix}${jobId}/plan.json`;
  let stored: ShardPlan | undefined;
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    stored = JSON.parse(await res.Body!.transformToString()) as ShardPlan;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status !== 404 && (error as Error).name !== 'NoSuchKey') throw error;
  }
  if (!stored) {
    // Children racing here all write the same bytes.
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${JSON.stringify(plan)}\n`,
        ContentType: 'application/json',
      }),
    );
    return;
  }
  const differs = (['manifest', 'format', 'shards', 'etag'] as const).filter(
    (field) => stored[field] !== plan[field],
  );
  if (differs.length > 0) {
    const what = differs.map(
      (f) => `${f} ${JSON.stringify(stored[f])} -> ${JSON.stringify(plan[f])}`,
    );
    throw new ConfigError(
      `job ${jobId} was planned differently (${what.join(', ')}); resume it with the same manifest and shard count, or start a new job`,
    );
  }
}
