import type { Readable } from 'node:stream';
import { dropUndefined, metadataFields, writeFields, type CopyPlan } from './copy-request.js';
import { MAX_PARTS, MIN_PART_SIZE, PART_CONCURRENCY, targetTagging } from './multipart-copy.js';
import type { OperationContext, TaskOutcome } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** Part size of a streamed upload: the setting, within S3's 5 MiB floor and 10,000 parts. */
export function streamPartSize(size: number, partSize: number): number {
  return Math.max(partSize, MIN_PART_SIZE, Math.ceil(size / MAX_PARTS));
}

/**
 * Copy between endpoints or credentials where no server-side copy is possible: GET from the
 * source client streams into a PUT (or a multipart upload above the threshold) on the
 * destination client. Memory stays bounded by part size times parts in flight.
 */
export async function streamCopy(plan: CopyPlan, context: OperationContext): Promise<TaskOutcome> {
  const { settings, signal } = context;
  const requestPayer = plan.options.RequesterPays ? 'requester' : undefined;
  const tagging = await targetTagging(context.s3.source, plan, context);
  const [{ GetObjectCommand, PutObjectCommand }, { Upload }] = await Promise.all([
    loadSdk('s3'),
    loadSdk('lib-storage'),
  ]);
  const got = await context.s3.source.send(
    new GetObjectCommand(
      dropUndefined({
        Bucket: plan.source.bucket,
        Key: plan.source.key,
        VersionId: plan.source.versionId,
        IfModifiedSince: plan.options.ModifiedSinceConstraint,
        IfUnmodifiedSince: plan.options.UnModifiedSinceConstraint,
        RequestPayer: requestPayer,
        ExpectedBucketOwner: settings.expectedSourceBucketOwner,
      }),
    ),
    { abortSignal: signal },
  );
  const body = got.Body as Readable;
  const size = got.ContentLength ?? 0;
  const params = dropUndefined({
    Bucket: plan.target.bucket,
    Key: plan.target.key,
    ...metadataFields(plan.options, got),
    ...writeFields(plan.options, settings),
    Tagging: tagging,
  });
  try {
    let etag: string | undefined;
    let parts: number | undefined;
    if (size <= settings.multipartThreshold) {
      // A known length lets one PUT stream the body straight through, nothing buffered.
      const put = await context.s3.destination.send(
        new PutObjectCommand({ ...params, Body: body, ContentLength: size }),
        { abortSignal: signal },
      );
      etag = put.ETag;
    } else {
      const partSize = streamPartSize(size, settings.partSize);
      const upload = new Upload({
        client: context.s3.destination,
        params: { ...params, Body: body },
        partSize,
        queueSize: PART_CONCURRENCY,
      });
      const onAbort = () => void upload.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const done = await upload.done();
        etag = done.ETag;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      parts = Math.ceil(size / partSize);
    }
    return {
      effect: {
        action: 'copy',
        target: plan.target,
        via: 'stream',
        ...(parts !== undefined ? { parts } : {}),
        size,
        ...(etag !== undefined ? { etag } : {}),
      },
      bytes: size,
      clientBytes: size,
    };
  } finally {
    // Frees the source socket when the upload stopped before reading the body to its end.
    body.destroy();
  }
}
