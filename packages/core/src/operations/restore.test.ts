import { RestoreObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { initiateRestoreOperation } from './restore.js';
import type { OperationContext, Task } from './types.js';

// moto never reports RestoreAlreadyInProgress (its restores finish at once), so S3 is mocked here.
const s3Mock = mockClient(S3Client);
const s3 = new S3Client({ region: 'us-east-1' });
const context: OperationContext = {
  s3: { source: s3, destination: s3 },
  crossEndpoint: false,
  signal: new AbortController().signal,
  jobId: 'job',
  settings: { ...DEFAULT_OPERATION_SETTINGS, expectedBucketOwner: '111122223333' },
};
const task: Task = {
  id: '1',
  object: { bucket: 'b', key: 'k', versionId: 'v9' },
  location: { source: 'm.csv', line: 1 },
};

afterEach(() => s3Mock.reset());

describe('operation: S3InitiateRestoreObject (S3 answers)', () => {
  it('counts RestoreAlreadyInProgress as a success with a message', async () => {
    // Prepare
    s3Mock.on(RestoreObjectCommand).rejects(
      new S3ServiceException({
        name: 'RestoreAlreadyInProgress',
        $fault: 'client',
        $metadata: { httpStatusCode: 409 },
        message: 'Object restore is already in progress',
      }),
    );
    const op = initiateRestoreOperation.create(
      initiateRestoreOperation.parse({ ExpirationInDays: 2 }),
    );

    // Act
    const outcome = await op.run(task, context);

    // Assess
    expect(outcome.message).toBe('restore already in progress; nothing to do');
  });

  it('sends the version, expected bucket owner, days and tier', async () => {
    // Prepare
    s3Mock.on(RestoreObjectCommand).resolves({ $metadata: { httpStatusCode: 202 } });
    const op = initiateRestoreOperation.create(
      initiateRestoreOperation.parse({ ExpirationInDays: 5, GlacierJobTier: 'BULK' }),
    );

    // Act
    const outcome = await op.run(task, context);

    // Assess
    expect(outcome.message).toBe('restore started (BULK, 5 day(s))');
    expect(s3Mock.commandCalls(RestoreObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'b',
      Key: 'k',
      VersionId: 'v9',
      ExpectedBucketOwner: '111122223333',
      RestoreRequest: { Days: 5, GlacierJobParameters: { Tier: 'Bulk' } },
    });
  });
});
