import { describe, expect, it } from 'vitest';
import { parseOperation } from './registry.js';
import type { Task, TaskCostContext } from './types.js';

const MiB = 1024 * 1024;
const CONTEXT: TaskCostContext = {
  settings: { multipartThreshold: 16 * MiB, partSize: 8 * MiB },
  crossEndpoint: false,
};

function task(facts?: Task['facts']): Task {
  return {
    id: '1',
    object: { bucket: 'b', key: 'k' },
    ...(facts ? { facts } : {}),
    location: { source: 'm.csv', line: 1 },
  };
}

describe('operations: the calls each task makes', () => {
  it.each([
    [{ S3PutObjectTagging: { TagSet: [] } }, { PutObjectTagging: 1 }],
    [{ S3DeleteObjectTagging: {} }, { DeleteObjectTagging: 1 }],
    [
      { S3PutObjectAcl: { AccessControlPolicy: { CannedAccessControlList: 'private' } } },
      { PutObjectAcl: 1 },
    ],
    [{ S3InitiateRestoreObject: { ExpirationInDays: 1 } }, { RestoreObject: 1 }],
    [{ S3PutObjectLegalHold: { LegalHold: { Status: 'ON' } } }, { PutObjectLegalHold: 1 }],
    [
      {
        S3PutObjectRetention: {
          Retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2031-01-01T00:00:00Z' },
        },
      },
      { PutObjectRetention: 1 },
    ],
    [
      { LambdaInvoke: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' } },
      { Invoke: 1 },
    ],
  ])('%j makes %j', (json, expected) => {
    // Act
    const calls = parseOperation(json).requestsOf?.(task(), CONTEXT);

    // Assess
    expect(calls?.requests).toEqual(expected);
  });

  it('computes a composite checksum by reading each part of a multipart object, at most', () => {
    // Prepare
    const operation = parseOperation({
      S3ComputeObjectChecksum: { ChecksumAlgorithm: 'CRC32', ChecksumType: 'COMPOSITE' },
    });

    // Act
    const calls = operation.requestsOf?.(task({ size: 30, etag: '"abc-3"' }), CONTEXT);

    // Assess
    expect(calls).toEqual({
      requests: { HeadObject: 4, GetObject: 3 },
      upperBound: true,
      clientBytes: 30,
    });
  });

  it('updates encryption with a HEAD and a copy onto itself, at most', () => {
    // Prepare
    const operation = parseOperation({
      S3UpdateObjectEncryption: {
        ObjectEncryption: { SSEKMS: { KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' } },
      },
    });

    // Act
    const small = operation.requestsOf?.(task({ size: 10 }), CONTEXT);
    const large = operation.requestsOf?.(task({ size: 20 * MiB }), CONTEXT);

    // Assess
    expect(small?.requests).toEqual({ HeadObject: 1, CopyObject: 1 });
    expect(large?.requests).toMatchObject({ HeadObject: 2, UploadPartCopy: 3 });
  });

  it('deletes in shared DeleteObjects batches of the spec size', () => {
    // Act
    const calls = parseOperation({ S3BulkDelete: { BatchSize: 500 } }).requestsOf?.(
      task(),
      CONTEXT,
    );

    // Assess
    expect(calls?.batched).toEqual({ request: 'DeleteObjects', group: 'b', size: 500 });
  });
});
