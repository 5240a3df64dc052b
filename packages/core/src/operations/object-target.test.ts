import { DeleteObjectsCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { parseOperation } from './registry.js';
import type { OperationContext, Task } from './types.js';

// Cross-account safety: every S3 call an operation makes carries ExpectedBucketOwner.
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const WRITE_OWNER = '111111111111';
const READ_OWNER = '222222222222';
const context: OperationContext = {
  s3: { source: s3, destination: s3 },
  crossEndpoint: false,
  signal: new AbortController().signal,
  jobId: 'job',
  settings: {
    ...DEFAULT_OPERATION_SETTINGS,
    expectedBucketOwner: WRITE_OWNER,
    expectedSourceBucketOwner: READ_OWNER,
  },
};
const task: Task = {
  id: '1',
  object: { bucket: 'b', key: 'k', versionId: 'v1' },
  location: { source: 'm.csv', line: 1 },
};

afterEach(() => s3Mock.reset());

describe('operations: ExpectedBucketOwner and VersionId on every call', () => {
  it.each([
    [{ S3PutObjectTagging: { TagSet: [{ Key: 'a', Value: 'b' }] } }, WRITE_OWNER],
    [{ S3DeleteObjectTagging: {} }, WRITE_OWNER],
    [
      { S3PutObjectAcl: { AccessControlPolicy: { CannedAccessControlList: 'private' } } },
      WRITE_OWNER,
    ],
    [{ S3InitiateRestoreObject: { ExpirationInDays: 1 } }, WRITE_OWNER],
    [{ S3PutObjectLegalHold: { LegalHold: { Status: 'ON' } } }, WRITE_OWNER],
    [
      {
        S3PutObjectRetention: {
          Retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2031-01-01T00:00:00Z' },
        },
      },
      WRITE_OWNER,
    ],
    [{ S3ComputeObjectChecksum: { ChecksumAlgorithm: 'CRC32' } }, READ_OWNER],
    [{ S3BulkDelete: { LingerMs: 0 } }, WRITE_OWNER],
  ])('%j sends ExpectedBucketOwner %s', async (json, owner) => {
    // Prepare
    s3Mock.onAnyCommand().resolves({ $metadata: { httpStatusCode: 200 } });
    s3Mock
      .on(HeadObjectCommand)
      .resolves({ ETag: '"e"', ContentLength: 1, ChecksumCRC32: 'AAAAAA==' });
    s3Mock.on(DeleteObjectsCommand).resolves({ Deleted: [{ Key: 'k', VersionId: 'v1' }] });

    // Act
    await parseOperation(json).run(task, context);

    // Assess
    const inputs = s3Mock.calls().map((c) => c.args[0].input as Record<string, unknown>);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      expect(input.ExpectedBucketOwner).toBe(owner);
      if ('Key' in input) expect(input.VersionId).toBe('v1');
    }
  });
});
