import type { OperationContext, Task } from './types.js';

/** The parameters every single-object S3 call of an in-place operation carries. */
export interface ObjectTarget {
  readonly Bucket: string;
  readonly Key: string;
  readonly VersionId?: string;
  readonly ExpectedBucketOwner?: string;
}

function target(task: Task, owner: string | undefined): ObjectTarget {
  const { bucket, key, versionId } = task.object;
  return {
    Bucket: bucket,
    Key: key,
    ...(versionId ? { VersionId: versionId } : {}),
    ...(owner ? { ExpectedBucketOwner: owner } : {}),
  };
}

/**
 * Operations that change the listed object (tags, ACL, lock, restore, delete) write, so they use
 * the destination-side client and `--expected-bucket-owner`.
 */
export function writeTarget(task: Task, context: OperationContext): ObjectTarget {
  return target(task, context.settings.expectedBucketOwner);
}

/** Operations that only read the listed object (checksum) use the source side. */
export function readTarget(task: Task, context: OperationContext): ObjectTarget {
  return target(task, context.settings.expectedSourceBucketOwner);
}

/** `s3://bucket/key` with `?versionId=` when the task names a version, for messages. */
export function describeObject(task: Task): string {
  const { bucket, key, versionId } = task.object;
  return `s3://${bucket}/${key}${versionId ? `?versionId=${versionId}` : ''}`;
}
