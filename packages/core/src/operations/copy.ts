import type { CopyObjectCommandInput, HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { copyObjectInput, planCopy, type CopyPlan } from './copy-request.js';
import { parseCopySpec, type CopyOptions, type CopySpec } from './copy-spec.js';
import { headSource, MIN_PART_SIZE, multipartCopy, partRanges } from './multipart-copy.js';
import { streamCopy, streamPartSize } from './stream-copy.js';
import type {
  CopyEffect as Effect,
  Operation,
  OperationContext,
  OperationDefinition,
  Task,
  TaskCostContext,
  TaskOutcome,
  TaskRequests,
} from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** S3 refuses a single CopyObject above 5 GiB. */
export const MAX_SINGLE_COPY_SIZE = 5 * 1024 * 1024 * 1024;

/** Built field by field: one per copied object. */
type CopyEffect = { -readonly [K in keyof Effect]: Effect[K] };

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
    const lean = await context.s3.copier?.copyObject(input, context.signal);
    const etag = lean ? lean.etag : await sdkCopy(input, context);
    const effect: CopyEffect = { action: 'copy', target: plan.target };
    if (size !== undefined) effect.size = size;
    if (etag !== undefined) effect.etag = etag;
    return size !== undefined
      ? { effect, bytes: size, clientBytes: 0 }
      : { effect, clientBytes: 0 };
  } catch (error) {
    if (size === undefined && isTooLargeForCopy(error)) return multipartCopy(plan, context);
    throw error;
  }
}

/** A CopyObject the lean path leaves to the SDK (new metadata, S3 Express): its ETag. */
async function sdkCopy(
  input: CopyObjectCommandInput,
  context: OperationContext,
): Promise<string | undefined> {
  const { CopyObjectCommand } = await loadSdk('s3');
  const out = await context.s3.destination.send(new CopyObjectCommand(input), {
    abortSignal: context.signal,
  });
  return out.CopyObjectResult?.ETag;
}

/**
 * The calls `copyObject` makes for a task, without making them: `plan`'s estimate. Kept beside
 * `copyObject` so the two change together; the estimate test holds them to the simulator's count.
 */
export function copyRequests(
  task: Task,
  options: Pick<CopyOptions, 'NewObjectTagging'>,
  context: TaskCostContext,
): TaskRequests {
  const { multipartThreshold: threshold, partSize } = context.settings;
  const size = task.facts?.size;
  // Multipart and streamed copies read the source's tags unless new ones are given.
  const tags = options.NewObjectTagging ? 0 : 1;
  const unknown = size === undefined ? { sizeUnknown: true } : {};
  if (context.crossEndpoint) {
    const bytes = size ?? 0;
    const upload: Record<string, number> =
      bytes <= threshold
        ? { PutObject: 1 }
        : {
            CreateMultipartUpload: 1,
            UploadPart: Math.ceil(bytes / streamPartSize(bytes, partSize)),
            CompleteMultipartUpload: 1,
          };
    return {
      requests: counts({ GetObjectTagging: tags, GetObject: 1, ...upload }),
      ...(size === undefined ? unknown : { clientBytes: size }),
    };
  }
  if (size === undefined) {
    const head = threshold < MAX_SINGLE_COPY_SIZE ? 1 : 0;
    return { requests: counts({ HeadObject: head, CopyObject: 1 }), clientBytes: 0, ...unknown };
  }
  if (size <= threshold) return { requests: { CopyObject: 1 }, clientBytes: 0 };
  const parts = partRanges(size, Math.max(partSize, MIN_PART_SIZE)).length;
  return {
    requests: counts({
      HeadObject: 1,
      GetObjectTagging: tags,
      CreateMultipartUpload: 1,
      UploadPartCopy: parts,
      CompleteMultipartUpload: 1,
    }),
    clientBytes: 0,
  };
}

/** Request counts without the zeros. */
export function counts(requests: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(requests).filter(([, n]) => n > 0));
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
    requestsOf: (task, context) => copyRequests(task, spec, context),
  };
}

export const copyDefinition: OperationDefinition<CopySpec> = {
  name: 'S3PutObjectCopy',
  parse: parseCopySpec,
  create: createCopyOperation,
};
