import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { unitContext, unitTask } from '../../test/copy-fixtures.js';
import { copyDefinition } from './copy.js';
import { MAX_PARTS, mapBounded, partRanges } from './multipart-copy.js';
import { effectMessage } from './sync-message.js';

const MiB = 1024 * 1024;
const SIZE = 12 * MiB + 7;

describe('operation: multipart copy', () => {
  const context = unitContext({ settings: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } });
  const s3 = mockClient(context.s3.destination);

  beforeEach(() => {
    s3.reset();
    s3.on(HeadObjectCommand).resolves({
      ContentLength: SIZE,
      ETag: '"source-etag"',
      ContentType: 'image/png',
      CacheControl: 'no-cache',
      Metadata: { origin: 'camera' },
    });
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: [{ Key: 'k 1', Value: 'v/1' }] });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'upload-1' });
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({
      CopyPartResult: { ETag: `"part-${input.PartNumber}"` },
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"whole-3"' });
  });

  it.each([
    [0, 5, []],
    [5, 5, [[0, 4]]],
    [
      11,
      5,
      [
        [0, 4],
        [5, 9],
        [10, 10],
      ],
    ],
    [
      12,
      4,
      [
        [0, 3],
        [4, 7],
        [8, 11],
      ],
    ],
  ])('splits %i bytes into parts of %i', (size, partSize, expected) => {
    expect(partRanges(size, partSize).map((r) => [r.start, r.end])).toEqual(expected);
  });

  it('grows the part size to stay within 10,000 parts', () => {
    // Act
    const ranges = partRanges(5 * 1024 * 1024 * MiB, 5 * MiB);

    // Assess
    expect(ranges.length).toBeLessThanOrEqual(MAX_PARTS);
    expect(ranges.at(-1)?.end).toBe(5 * 1024 * 1024 * MiB - 1);
  });

  it('copies in ranged parts and keeps the source content type, metadata and tags', async () => {
    // Prepare
    const op = copyDefinition.create(copyDefinition.parse({ TargetResource: 'arn:aws:s3:::dst' }));

    // Act
    const outcome = await op.run(
      unitTask({ bucket: 'src', key: 'big file+.bin', versionId: 'v9' }, { facts: { size: SIZE } }),
      context,
    );

    // Assess
    expect(s3.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'src',
      Key: 'big file+.bin',
      VersionId: 'v9',
    });
    expect(s3.commandCalls(GetObjectTaggingCommand)[0]!.args[0].input).toMatchObject({
      VersionId: 'v9',
    });
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'dst',
      Key: 'big file+.bin',
      ContentType: 'image/png',
      CacheControl: 'no-cache',
      Metadata: { origin: 'camera' },
      Tagging: 'k%201=v%2F1',
    });
    const parts = s3
      .commandCalls(UploadPartCopyCommand)
      .map((c) => c.args[0].input)
      .sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    expect(parts.map((p) => [p.PartNumber, p.CopySourceRange])).toEqual([
      [1, `bytes=0-${5 * MiB - 1}`],
      [2, `bytes=${5 * MiB}-${10 * MiB - 1}`],
      [3, `bytes=${10 * MiB}-${SIZE - 1}`],
    ]);
    expect(parts[0]).toMatchObject({
      UploadId: 'upload-1',
      CopySource: 'src/big%20file%2B.bin?versionId=v9',
      CopySourceIfMatch: '"source-etag"',
    });
    expect(
      s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input.MultipartUpload,
    ).toEqual({
      Parts: [1, 2, 3].map((n) => ({ PartNumber: n, ETag: `"part-${n}"` })),
    });
    expect(effectMessage(outcome.effect!)).toBe(
      `multipart copy to s3://dst/big file+.bin, 3 parts (${SIZE} bytes, etag "whole-3")`,
    );
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(0);
  });

  it('uses NewObjectTagging and REPLACE metadata instead of the source ones', async () => {
    // Prepare
    const op = copyDefinition.create(
      copyDefinition.parse({
        TargetResource: 'arn:aws:s3:::dst',
        MetadataDirective: 'REPLACE',
        NewObjectMetadata: { ContentType: 'text/plain', UserMetadata: { a: '1' } },
        NewObjectTagging: [{ Key: 'new', Value: 'yes' }],
        StorageClass: 'GLACIER_IR',
      }),
    );

    // Act
    await op.run(unitTask({ bucket: 'src', key: 'k' }, { facts: { size: SIZE } }), context);

    // Assess
    expect(s3.commandCalls(GetObjectTaggingCommand)).toHaveLength(0);
    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'dst',
      Key: 'k',
      ContentType: 'text/plain',
      Metadata: { a: '1' },
      Tagging: 'new=yes',
      StorageClass: 'GLACIER_IR',
    });
  });

  it('aborts the upload when a part fails, after the parts in flight settle', async () => {
    // Prepare
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => {
      if (input.PartNumber === 2) {
        throw Object.assign(new Error('precondition'), { name: 'PreconditionFailed' });
      }
      return { CopyPartResult: { ETag: `"part-${input.PartNumber}"` } };
    });
    const op = copyDefinition.create(copyDefinition.parse({ TargetResource: 'arn:aws:s3:::dst' }));

    // Act
    const run = op.run(unitTask({ bucket: 'src', key: 'k' }, { facts: { size: SIZE } }), context);

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'PreconditionFailed' });
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'dst',
      Key: 'k',
      UploadId: 'upload-1',
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });

  it('keeps at most the limit of calls in flight', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;

    // Act
    const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return n * 2;
    });

    // Assess
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
});
