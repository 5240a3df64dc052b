import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import type { ManifestEntry } from '../manifest/types.js';
import { createPairsOperation } from './pairs.js';
import { parseOperation } from './registry.js';
import type { Operation, OperationContext, Task } from './types.js';

// Cross-account safety (issue 7): every S3 call a copy, a multipart copy, a streamed copy and a
// sync makes carries the owner of the bucket it touches, and a copy also the source's owner.
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const DESTINATION_OWNER = '111111111111';
const SOURCE_OWNER = '222222222222';
const MiB = 1024 * 1024;

function contextFor(crossEndpoint: boolean): OperationContext {
  return {
    s3: { source: s3, destination: s3 },
    crossEndpoint,
    signal: new AbortController().signal,
    jobId: 'job',
    settings: {
      ...DEFAULT_OPERATION_SETTINGS,
      multipartThreshold: 8 * MiB,
      partSize: 5 * MiB,
      expectedBucketOwner: DESTINATION_OWNER,
      expectedSourceBucketOwner: SOURCE_OWNER,
    },
  };
}

const copyTask: Task = {
  id: '1',
  object: { bucket: 'src', key: 'a.txt' },
  location: { source: 'm.csv', line: 1 },
};
const copyToDst = () => parseOperation({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dst' } });

/** Run every task a manifest entry expands to (or the task itself). */
async function runAll(operation: Operation, context: OperationContext, entry: ManifestEntry) {
  const tasks: Task[] = [];
  if (operation.expand) for await (const task of operation.expand(entry, context)) tasks.push(task);
  for (const task of tasks) await operation.run(task, context);
  return tasks;
}

function mockS3(sourceSize: number): void {
  s3Mock.onAnyCommand().resolves({ $metadata: { httpStatusCode: 200 } });
  s3Mock.on(HeadObjectCommand).resolves({ ETag: '"e"', ContentLength: sourceSize });
  s3Mock.on(GetObjectTaggingCommand).resolves({ TagSet: [] });
  s3Mock.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"e"' } });
  s3Mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
  s3Mock.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"p"' } });
  s3Mock.on(CompleteMultipartUploadCommand).resolves({ ETag: '"m"' });
  s3Mock.on(GetObjectCommand).callsFake(() => ({
    Body: Readable.from([Buffer.from('abc')]),
    ContentLength: 3,
    ETag: '"e"',
  }));
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"e"' });
  s3Mock.on(ListObjectsV2Command, { Bucket: 'src' }).resolves({
    Contents: [{ Key: 'p/new.txt', Size: 3, ETag: '"e"', LastModified: new Date() }],
    IsTruncated: false,
  });
  s3Mock.on(ListObjectsV2Command, { Bucket: 'dst' }).resolves({
    Contents: [{ Key: 'q/extra.txt', Size: 3, ETag: '"x"', LastModified: new Date() }],
    IsTruncated: false,
  });
  s3Mock
    .on(DeleteObjectsCommand)
    .callsFake((input: { Delete: { Objects: { Key: string }[] } }) => ({
      Deleted: input.Delete.Objects.map((o) => ({ Key: o.Key })),
    }));
}

/** Every command sent, by name, with its input. */
function sent(): { name: string; input: Record<string, unknown> }[] {
  return s3Mock.calls().map((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: object };
    return {
      name: command.constructor.name.replace(/Command$/, ''),
      input: command.input as Record<string, unknown>,
    };
  });
}

afterEach(() => s3Mock.reset());

describe('operations: ExpectedBucketOwner on every S3 call of copies and syncs', () => {
  it.each([
    {
      name: 'S3PutObjectCopy, one CopyObject',
      size: 3,
      crossEndpoint: false,
      operation: copyToDst,
      entry: undefined,
      expected: ['HeadObject', 'CopyObject'],
    },
    {
      name: 'S3PutObjectCopy above the multipart threshold',
      size: 12 * MiB,
      crossEndpoint: false,
      operation: copyToDst,
      entry: undefined,
      expected: ['CreateMultipartUpload', 'UploadPartCopy', 'CompleteMultipartUpload'],
    },
    {
      name: 'S3PutObjectCopy streamed between endpoints',
      size: 3,
      crossEndpoint: true,
      operation: copyToDst,
      entry: undefined,
      expected: ['GetObject', 'PutObject'],
    },
    {
      name: 'S3BulkPairs prefix sync with SyncDelete',
      size: 3,
      crossEndpoint: false,
      operation: () => createPairsOperation({ SyncDelete: true }, { lingerMs: 0 }),
      entry: {
        kind: 'prefix',
        source: { bucket: 'src', prefix: 'p/' },
        destination: { bucket: 'dst', prefix: 'q/' },
        location: { source: 'pairs.csv', line: 1 },
      } satisfies ManifestEntry,
      expected: ['ListObjectsV2', 'CopyObject', 'DeleteObjects'],
    },
  ])('$name', async ({ size, crossEndpoint, operation, entry, expected }) => {
    // Prepare
    mockS3(size);
    const context = contextFor(crossEndpoint);

    // Act
    const op = operation();
    if (entry) await runAll(op, context, entry);
    else await op.run(copyTask, context);

    // Assess
    const calls = sent();
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(expected));
    for (const { name, input } of calls) {
      const owner = input.Bucket === 'src' ? SOURCE_OWNER : DESTINATION_OWNER;
      expect({ name, bucket: input.Bucket, owner: input.ExpectedBucketOwner }).toEqual({
        name,
        bucket: input.Bucket,
        owner,
      });
      if ('CopySource' in input) expect(input.ExpectedSourceBucketOwner).toBe(SOURCE_OWNER);
    }
  });
});
