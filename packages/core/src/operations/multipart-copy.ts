import type { CompletedPart, HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef } from '../types.js';
import {
  dropUndefined,
  encodeCopySource,
  encodeTagging,
  metadataFields,
  writeFields,
  type CopyPlan,
} from './copy-request.js';
import type { OperationContext, TaskOutcome } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** S3 allows at most 10,000 parts per upload. */
export const MAX_PARTS = 10_000;

/** S3 refuses parts below 5 MiB (all but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** Parts copied at once within one object (the engine already runs many objects at once). */
export const PART_CONCURRENCY = 4;

/** An inclusive byte range, as `CopySourceRange: bytes=start-end` takes it. */
export interface PartRange {
  readonly partNumber: number;
  readonly start: number;
  readonly end: number;
}

/** Split `size` bytes into parts of `partSize`, growing the part size to stay within 10,000 parts. */
export function partRanges(size: number, partSize: number): PartRange[] {
  const effective = Math.max(partSize, Math.ceil(size / MAX_PARTS));
  const ranges: PartRange[] = [];
  for (let start = 0, n = 1; start < size; start += effective, n++) {
    ranges.push({ partNumber: n, start, end: Math.min(start + effective, size) - 1 });
  }
  return ranges;
}

/** HeadObject on the source: size, content type, metadata, ETag. */
export async function headSource(
  source: ObjectRef,
  plan: CopyPlan,
  context: OperationContext,
): Promise<HeadObjectCommandOutput> {
  const { HeadObjectCommand } = await loadSdk('s3');
  return context.s3.source.send(
    new HeadObjectCommand(
      dropUndefined({
        Bucket: source.bucket,
        Key: source.key,
        VersionId: source.versionId,
        RequestPayer: plan.options.RequesterPays ? 'requester' : undefined,
        ExpectedBucketOwner: context.settings.expectedSourceBucketOwner,
      }),
    ),
    { abortSignal: context.signal },
  );
}

/** The tags the target gets: NewObjectTagging when given, else the source's (as CopyObject does). */
export async function targetTagging(
  client: S3Client,
  plan: CopyPlan,
  context: OperationContext,
): Promise<string | undefined> {
  if (plan.options.NewObjectTagging) return encodeTagging(plan.options.NewObjectTagging);
  const { GetObjectTaggingCommand } = await loadSdk('s3');
  const { TagSet } = await client.send(
    new GetObjectTaggingCommand(
      dropUndefined({
        Bucket: plan.source.bucket,
        Key: plan.source.key,
        VersionId: plan.source.versionId,
        RequestPayer: plan.options.RequesterPays ? 'requester' : undefined,
        ExpectedBucketOwner: context.settings.expectedSourceBucketOwner,
      }),
    ),
    { abortSignal: context.signal },
  );
  return TagSet && TagSet.length > 0 ? encodeTagging(TagSet) : undefined;
}

/**
 * Copy an object above the single-copy limit with UploadPartCopy, keeping what one CopyObject
 * would keep (content type, metadata, tags). The upload is aborted on any failure.
 */
export async function multipartCopy(
  plan: CopyPlan,
  context: OperationContext,
  knownHead?: HeadObjectCommandOutput,
): Promise<TaskOutcome> {
  const {
    AbortMultipartUploadCommand,
    CompleteMultipartUploadCommand,
    CreateMultipartUploadCommand,
    UploadPartCopyCommand,
  } = await loadSdk('s3');
  const client = context.s3.destination;
  const { settings, signal } = context;
  const head = knownHead ?? (await headSource(plan.source, plan, context));
  const size = head.ContentLength ?? 0;
  const tagging = await targetTagging(context.s3.source, plan, context);
  const created = await client.send(
    new CreateMultipartUploadCommand(
      dropUndefined({
        Bucket: plan.target.bucket,
        Key: plan.target.key,
        ...metadataFields(plan.options, head),
        ...writeFields(plan.options, settings),
        Tagging: tagging,
      }),
    ),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId as string;
  try {
    const ranges = partRanges(size, Math.max(settings.partSize, MIN_PART_SIZE));
    const parts = await mapBounded(ranges, PART_CONCURRENCY, async (range) => {
      const res = await client.send(
        new UploadPartCopyCommand(
          dropUndefined({
            Bucket: plan.target.bucket,
            Key: plan.target.key,
            UploadId: uploadId,
            PartNumber: range.partNumber,
            CopySource: encodeCopySource(plan.source),
            CopySourceRange: `bytes=${range.start}-${range.end}`,
            // Every part must come from the same object the HEAD saw.
            CopySourceIfMatch: head.ETag,
            CopySourceIfModifiedSince: plan.options.ModifiedSinceConstraint,
            CopySourceIfUnmodifiedSince: plan.options.UnModifiedSinceConstraint,
            RequestPayer: plan.options.RequesterPays ? 'requester' : undefined,
            ExpectedBucketOwner: settings.expectedBucketOwner,
            ExpectedSourceBucketOwner: settings.expectedSourceBucketOwner,
          }),
        ),
        { abortSignal: signal },
      );
      const r = res.CopyPartResult ?? {};
      return dropUndefined<CompletedPart>({
        PartNumber: range.partNumber,
        ETag: r.ETag,
        ChecksumCRC32: r.ChecksumCRC32,
        ChecksumCRC32C: r.ChecksumCRC32C,
        ChecksumCRC64NVME: r.ChecksumCRC64NVME,
        ChecksumSHA1: r.ChecksumSHA1,
        ChecksumSHA256: r.ChecksumSHA256,
      });
    });
    const done = await client.send(
      new CompleteMultipartUploadCommand(
        dropUndefined({
          Bucket: plan.target.bucket,
          Key: plan.target.key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          RequestPayer: plan.options.RequesterPays ? 'requester' : undefined,
          ExpectedBucketOwner: settings.expectedBucketOwner,
        }),
      ),
      { abortSignal: signal },
    );
    return {
      effect: {
        action: 'copy',
        target: plan.target,
        via: 'multipart',
        parts: parts.length,
        size,
        ...(done.ETag !== undefined ? { etag: done.ETag } : {}),
      },
      bytes: size,
      clientBytes: 0,
    };
  } catch (error) {
    // Parts left behind are billed until aborted; the copy's own error is what matters.
    try {
      await client.send(
        new AbortMultipartUploadCommand({
          Bucket: plan.target.bucket,
          Key: plan.target.key,
          UploadId: uploadId,
        }),
      );
    } catch {
      // The copy's own error is the one to report.
    }
    throw error;
  }
}

/**
 * Map with at most `limit` calls in flight; results in input order. After a failure no new call
 * starts, and it waits for the ones in flight so nothing is still running when it throws.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;
  const worker = async () => {
    while (!firstError && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        firstError ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (firstError) throw firstError.error;
  return results;
}
