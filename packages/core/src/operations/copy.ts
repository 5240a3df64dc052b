import { CopyObjectCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { formatS3Url } from '../s3/url.js';
import { copyObjectInput, planCopy, type CopyPlan } from './copy-request.js';
import { parseCopySpec, type CopySpec } from './copy-spec.js';
import { headSource, multipartCopy } from './multipart-copy.js';
import { streamCopy } from './stream-copy.js';
import type {
  Operation,
  OperationContext,
  OperationDefinition,
  Task,
  TaskOutcome,
} from './types.js';

/** S3 refuses a single CopyObject above 5 GiB. */
export const MAX_SINGLE_COPY_SIZE = 5 * 1024 * 1024 * 1024;

/**
 * Copy one object the cheapest way that works: a server-side CopyObject; UploadPartCopy above the
 * multipart threshold; a stream through this process when the two sides cannot see each other.
 */
export async function copyObject(
  plan: CopyPlan,
  task: Task,
  context: OperationContext,
): Promise<TaskOutcome> {
  if (context.crossEndpoint) return streamCopy(plan, context);
  const threshold = context.settings.multipartThreshold;
  let size = task.facts?.size;
  let head: HeadObjectCommandOutput | undefined;
  // With S3's own limit as threshold, S3 tells us when an object is too large: no HEAD needed.
  if (size === undefined && threshold < MAX_SINGLE_COPY_SIZE) {
    head = await headSource(plan.source, plan, context);
    size = head.ContentLength;
  }
  if (size !== undefined && size > threshold) return multipartCopy(plan, context, head);
  try {
    const input = copyObjectInput(plan, context.settings);
    const client = context.s3.destination;
    const lean = await context.s3.copier?.copyObject(input, context.signal);
    const etag =
      (lean
        ? lean.etag
        : (await client.send(new CopyObjectCommand(input), { abortSignal: context.signal }))
            .CopyObjectResult?.ETag) ?? '?';
    const sizeText = size !== undefined ? `${size} bytes, ` : '';
    return {
      message: `copied to ${formatS3Url(plan.target.bucket, plan.target.key)} (${sizeText}etag ${etag})`,
      ...(size !== undefined ? { bytes: size } : {}),
      clientBytes: 0,
    };
  } catch (error) {
    if (size === undefined && isTooLargeForCopy(error)) return multipartCopy(plan, context);
    throw error;
  }
}

/** S3's answer to a CopyObject above 5 GiB: InvalidRequest "... larger than the maximum allowable size ...". */
export function isTooLargeForCopy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'InvalidRequest' && /larger than the maximum allowable size/i.test(error.message)
  );
}

/** `S3PutObjectCopy`: copy each manifest object to TargetResource (or the row's destination). */
export function createCopyOperation(spec: CopySpec): Operation {
  return {
    name: 'S3PutObjectCopy',
    spec,
    run: async (task, context) => copyObject(planCopy(task, spec), task, context),
  };
}

export const copyDefinition: OperationDefinition<CopySpec> = {
  name: 'S3PutObjectCopy',
  parse: parseCopySpec,
  create: createCopyOperation,
};
