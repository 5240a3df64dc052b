import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { AWKWARD_KEYS } from '@s3bulk/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { unitContext, unitTask } from '../../test/copy-fixtures.js';
import { OperationSpecError, TaskFailure } from '../errors.js';
import { copyDefinition } from './copy.js';
import { encodeCopySource, targetKey } from './copy-request.js';
import { effectMessage } from './sync-message.js';

const MiB = 1024 * 1024;

function copyOperation(spec: Record<string, unknown>) {
  return copyDefinition.create(
    copyDefinition.parse({ TargetResource: 'arn:aws:s3:::dest-bucket', ...spec }),
  );
}

describe('operation: copy', () => {
  const context = unitContext();
  const s3 = mockClient(context.s3.destination);

  beforeEach(() => {
    s3.reset();
    s3.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"abc"' } });
  });

  it.each(AWKWARD_KEYS.map((key) => [key]))('encodes the CopySource of %s', (key) => {
    // Act
    const header = encodeCopySource({ bucket: 'src', key, versionId: 'v+1/=' });

    // Assess: S3 URL-decodes the header, so decoding must give back the key exactly.
    const [path, query] = header.split('?');
    expect(decodeURIComponent(path!.slice('src/'.length))).toBe(key);
    expect(path).not.toMatch(/[ +"',]/);
    expect(query).toBe('versionId=v%2B1%2F%3D');
  });

  it('sends one CopyObject keeping metadata and tags by default', async () => {
    // Act
    const outcome = await copyOperation({ TargetKeyPrefix: 'copies' }).run(
      unitTask({ bucket: 'src', key: 'a b/c+d.txt', versionId: 'v1' }, { facts: { size: 12 } }),
      context,
    );

    // Assess
    const calls = s3.commandCalls(CopyObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      Bucket: 'dest-bucket',
      Key: 'copies/a b/c+d.txt',
      CopySource: 'src/a%20b/c%2Bd.txt?versionId=v1',
      MetadataDirective: 'COPY',
      TaggingDirective: 'COPY',
    });
    expect(outcome).toMatchObject({ bytes: 12, clientBytes: 0 });
    expect(effectMessage(outcome.effect!)).toBe(
      'copied to s3://dest-bucket/copies/a b/c+d.txt (12 bytes, etag "abc")',
    );
  });

  it('replaces metadata and tags and passes every write option', async () => {
    // Prepare
    const op = copyOperation({
      MetadataDirective: 'REPLACE',
      NewObjectMetadata: {
        ContentType: 'text/csv',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment',
        ContentEncoding: 'gzip',
        ContentLanguage: 'en',
        UserMetadata: { owner: 'data-eng' },
        SSEAlgorithm: 'AES256',
      },
      NewObjectTagging: [
        { Key: 'team', Value: 'a b' },
        { Key: 'x&y', Value: '1=2' },
      ],
      StorageClass: 'STANDARD_IA',
      CannedAccessControlList: 'bucket-owner-full-control',
      AccessControlGrants: [
        { Grantee: { TypeIdentifier: 'id', Identifier: 'abc' }, Permission: 'READ' },
        { Grantee: { TypeIdentifier: 'uri', Identifier: 'http://acs/g' }, Permission: 'READ' },
      ],
      ChecksumAlgorithm: 'SHA256',
      RequesterPays: true,
      ObjectLockLegalHoldStatus: 'ON',
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: '2031-02-03T04:05:06Z',
      ModifiedSinceConstraint: '2020-01-01T00:00:00Z',
    });

    // Act
    await op.run(unitTask({ bucket: 'src', key: 'k' }, { facts: { size: 1 } }), context);

    // Assess
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'dest-bucket',
      Key: 'k',
      CopySource: 'src/k',
      MetadataDirective: 'REPLACE',
      ContentType: 'text/csv',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment',
      ContentEncoding: 'gzip',
      ContentLanguage: 'en',
      Metadata: { owner: 'data-eng' },
      TaggingDirective: 'REPLACE',
      Tagging: 'team=a%20b&x%26y=1%3D2',
      StorageClass: 'STANDARD_IA',
      ACL: 'bucket-owner-full-control',
      GrantRead: 'id="abc", uri="http://acs/g"',
      ServerSideEncryption: 'AES256',
      ChecksumAlgorithm: 'SHA256',
      RequestPayer: 'requester',
      ObjectLockLegalHoldStatus: 'ON',
      ObjectLockMode: 'GOVERNANCE',
      ObjectLockRetainUntilDate: new Date('2031-02-03T04:05:06Z'),
      CopySourceIfModifiedSince: new Date('2020-01-01T00:00:00Z'),
    });
  });

  it('takes NewObjectMetadata alone as REPLACE, and an empty tag set as "no tags"', async () => {
    // Act
    await copyOperation({ NewObjectMetadata: { ContentType: 'a/b' }, NewObjectTagging: [] }).run(
      unitTask({ bucket: 'src', key: 'k' }, { facts: { size: 1 } }),
      context,
    );

    // Assess
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toMatchObject({
      MetadataDirective: 'REPLACE',
      ContentType: 'a/b',
      TaggingDirective: 'REPLACE',
      Tagging: '',
    });
  });

  it('lets a pairs row destination override the target, keeping the file name for a folder', async () => {
    // Act
    await copyOperation({ TargetKeyPrefix: 'ignored' }).run(
      unitTask(
        { bucket: 'src', key: 'dir/file.txt' },
        { destination: { bucket: 'other', key: 'into/' } },
      ),
      context,
    );

    // Assess
    expect(s3.commandCalls(CopyObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'other',
      Key: 'into/file.txt',
    });
  });

  it.each([
    [undefined, 'a/b', 'a/b'],
    ['Folder1', 'a/b', 'Folder1/a/b'],
    ['Folder1/', 'a/b', 'Folder1/a/b'],
    ['', 'a/b', 'a/b'],
  ])('puts objects into TargetKeyPrefix %j', (prefix, key, expected) => {
    expect(targetKey(key, prefix)).toBe(expected);
  });

  it('HEADs for the size only when the threshold is below S3 own limit', async () => {
    // Prepare
    const small = unitContext({ settings: { multipartThreshold: 5 * MiB } });
    const mock = mockClient(small.s3.source);
    mock.on(HeadObjectCommand).resolves({ ContentLength: 10 });
    mock.on(CopyObjectCommand).resolves({ CopyObjectResult: { ETag: '"e"' } });

    // Act
    const lowered = await copyOperation({}).run(unitTask({ bucket: 'src', key: 'k' }), small);
    const byDefault = await copyOperation({}).run(unitTask({ bucket: 'src', key: 'k' }), context);

    // Assess
    expect(mock.commandCalls(HeadObjectCommand)).toHaveLength(1);
    expect(lowered.bytes).toBe(10);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(0);
    expect(effectMessage(byDefault.effect!)).toBe('copied to s3://dest-bucket/k (etag "abc")');
  });

  it('falls back to a multipart copy when S3 says the object is too large for CopyObject', async () => {
    // Prepare
    const tooLarge = Object.assign(
      new Error(
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
      ),
      { name: 'InvalidRequest' },
    );
    s3.on(CopyObjectCommand).rejects(tooLarge);
    s3.on(HeadObjectCommand).resolves({ ContentLength: 6 * 1024 * MiB, ETag: '"src"' });
    s3.on(GetObjectTaggingCommand).resolves({ TagSet: [] });
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u1' });
    s3.on(UploadPartCopyCommand).resolves({ CopyPartResult: { ETag: '"p"' } });
    s3.on(CompleteMultipartUploadCommand).resolves({ ETag: '"done"' });

    // Act
    const outcome = await copyOperation({}).run(unitTask({ bucket: 'src', key: 'big' }), context);

    // Assess: 6 GiB at the 64 MiB default part size.
    expect(effectMessage(outcome.effect!)).toContain(
      'multipart copy to s3://dest-bucket/big, 96 parts',
    );
    expect(s3.commandCalls(UploadPartCopyCommand)).toHaveLength(96);
  });

  it('fails a task without destination or TargetResource as permanent', async () => {
    // Prepare
    const op = copyDefinition.create({} as never);

    // Act / Assess
    await expect(op.run(unitTask({ bucket: 'src', key: 'k' }), context)).rejects.toMatchObject({
      constructor: TaskFailure,
      code: 'InvalidDestination',
      temporary: false,
    });
  });

  it.each([
    [{}, 'S3PutObjectCopy.TargetResource', /is required/],
    [{ TargetResource: 'dest-bucket' }, 'S3PutObjectCopy.TargetResource', /bucket ARN/],
    [
      { TargetResource: 'arn:aws:s3:::Bad_Bucket' },
      'S3PutObjectCopy.TargetResource',
      /not a valid bucket name/,
    ],
    [
      { TargetResource: 'arn:aws:s3:::b-1', StorageClass: 'COLD' },
      'S3PutObjectCopy.StorageClass',
      /must be one of "STANDARD", "STANDARD_IA"/,
    ],
    [
      {
        TargetResource: 'arn:aws:s3:::b-1',
        MetadataDirective: 'COPY',
        NewObjectMetadata: { ContentType: 'x' },
      },
      'S3PutObjectCopy.NewObjectMetadata',
      /only used with MetadataDirective REPLACE/,
    ],
    [
      { TargetResource: 'arn:aws:s3:::b-1', NewObjectMetadata: { ContentTyp: 'x' } },
      'S3PutObjectCopy.NewObjectMetadata.ContentTyp',
      /is not a known field \(allowed: CacheControl, .*ContentType/,
    ],
    [
      { TargetResource: 'arn:aws:s3:::b-1', ObjectLockMode: 'GOVERNANCE' },
      'S3PutObjectCopy.ObjectLockRetainUntilDate',
      /go together/,
    ],
    [
      {
        TargetResource: 'arn:aws:s3:::b-1',
        AccessControlGrants: [
          { Grantee: { TypeIdentifier: 'id', Identifier: 'x' }, Permission: 'WRITE' },
        ],
      },
      'S3PutObjectCopy.AccessControlGrants.0.Permission',
      /must be one of "FULL_CONTROL", "READ", "READ_ACP", "WRITE_ACP"/,
    ],
    [
      { TargetResource: 'arn:aws:s3:::b-1', UnModifiedSinceConstraint: 'yesterday' },
      'S3PutObjectCopy.UnModifiedSinceConstraint',
      /ISO 8601/,
    ],
  ])('refuses %j naming %s', (spec, field, message) => {
    // Act
    let error: unknown;
    try {
      copyDefinition.parse(spec);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(OperationSpecError);
    expect((error as OperationSpecError).field).toBe(field);
    expect((error as OperationSpecError).message).toMatch(message);
  });
});
