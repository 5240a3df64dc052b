import {
  ConfigError,
  decodeBatchKey,
  bucketFromArn,
  isS3Url,
  parseS3Url,
  type ObjectRef,
  type S3BatchEvent,
  type Task,
} from '@s3bulk/core';

type EventTask = S3BatchEvent['tasks'][number];

/** Separates the two halves of a pairs row carried in the key field. */
const PAIR_SEPARATOR = ',s3://';

/**
 * Turn one S3 Batch Operations task into an s3bulk task. The key arrives URL-encoded. A pairs
 * row carries `source,destination` in the key field (`s3://a/k,s3://b/k2`, or `k,s3://b/k2`
 * with the source in the manifest's bucket): with `pairs` on, it becomes a copy to that
 * destination; with it off (a non-copy operation) the key is taken literally.
 */
export function taskFromEvent(
  event: S3BatchEvent,
  eventTask: EventTask,
  options: { readonly pairs: boolean },
): Task {
  const bucket =
    's3BucketArn' in eventTask ? bucketFromArn(eventTask.s3BucketArn) : eventTask.s3Bucket;
  if (!bucket) {
    throw new ConfigError(
      `task ${eventTask.taskId}: no bucket in the event (s3BucketArn or s3Bucket)`,
    );
  }
  let key: string;
  try {
    key = decodeBatchKey(eventTask.s3Key);
  } catch (error) {
    throw new ConfigError(
      `task ${eventTask.taskId}: s3Key "${eventTask.s3Key}" is not valid URL encoding`,
      {
        cause: error,
      },
    );
  }
  const versionId = eventTask.s3VersionId ?? undefined;
  const location = { source: `s3-batch-operations:${event.job.id}`, line: 1 };
  const pair = options.pairs ? splitPair(key, bucket) : undefined;
  if (pair) {
    return {
      id: eventTask.taskId,
      object: { ...pair.source, ...(versionId ? { versionId } : {}) },
      destination: pair.destination,
      action: 'copy',
      location,
    };
  }
  return {
    id: eventTask.taskId,
    object: { bucket, key, ...(versionId ? { versionId } : {}) },
    location,
  };
}

/** `source,destination` from a decoded key, or undefined for an ordinary key. */
export function splitPair(
  key: string,
  manifestBucket: string,
): { source: ObjectRef; destination: ObjectRef } | undefined {
  const at = key.indexOf(PAIR_SEPARATOR, 1);
  if (at === -1) return undefined;
  const left = key.slice(0, at);
  const destination = parseS3Url(key.slice(at + 1));
  const source = isS3Url(left) ? parseS3Url(left) : { bucket: manifestBucket, key: left };
  if (!source.key || !destination.key) {
    throw new ConfigError(`pairs row "${key}": source and destination must both name an object`);
  }
  return {
    source: { bucket: source.bucket, key: source.key },
    destination: { bucket: destination.bucket, key: destination.key },
  };
}
