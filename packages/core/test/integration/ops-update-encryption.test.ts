import { GetObjectTaggingCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../../src/errors.js';
import { updateObjectEncryptionDefinition } from '../../src/operations/update-encryption.js';
import { contextFor, settle, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();
const KEY_A = 'arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-1111-2222-3333-444444444444';
const KEY_B = 'arn:aws:kms:us-east-1:123456789012:key/bbbbbbbb-1111-2222-3333-444444444444';

function operation(KMSKeyArn: string, BucketKeyEnabled?: boolean) {
  return updateObjectEncryptionDefinition.create(
    updateObjectEncryptionDefinition.parse({
      ObjectEncryption: {
        SSEKMS: { KMSKeyArn, ...(BucketKeyEnabled !== undefined ? { BucketKeyEnabled } : {}) },
      },
    }),
  );
}

describe('operation: S3UpdateObjectEncryption', () => {
  it('turns SSE-S3 into SSE-KMS, keeping metadata, tags and storage class', async () => {
    // Prepare
    const bucket = await emulator.createBucket('sse');
    await emulator.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'doc.txt',
        Body: 'secret',
        ServerSideEncryption: 'AES256',
        ContentType: 'text/plain',
        Metadata: { owner: 'team-a' },
        Tagging: 'class=internal',
        StorageClass: 'STANDARD_IA',
      }),
    );

    // Act
    const outcome = await operation(KEY_A, true).run(
      taskFor({ bucket, key: 'doc.txt' }),
      contextFor(emulator),
    );

    // Assess
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
    expect(outcome.message).toBe(
      `encrypted s3://${bucket}/doc.txt with SSE-KMS ${KEY_A} (bucket key), was AES256`,
    );
    expect(head).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY_A,
      ContentType: 'text/plain',
      Metadata: { owner: 'team-a' },
      StorageClass: 'STANDARD_IA',
      ContentLength: 6,
    });
    const tags = await emulator.s3.send(
      new GetObjectTaggingCommand({ Bucket: bucket, Key: 'doc.txt' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'class', Value: 'internal' }]);
  });

  it('rotates the KMS key, and leaves an object already on the key alone', async () => {
    // Prepare
    const bucket = await emulator.createBucket('sse');
    await emulator.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'k',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KEY_A,
      }),
    );
    const task = taskFor({ bucket, key: 'k' });

    // Act
    const rotated = await operation(KEY_B).run(task, contextFor(emulator));
    const again = await operation(KEY_B).run(task, contextFor(emulator));

    // Assess
    expect(rotated.message).toContain(`with SSE-KMS ${KEY_B}, was aws:kms`);
    expect(again.message).toBe(`already SSE-KMS with ${KEY_B}: nothing to do`);
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'k' }));
    expect(head.SSEKMSKeyId).toBe(KEY_B);
  });

  it('refuses a version task and a key that is not a KMS ARN', async () => {
    // Act
    const version = await settle(
      operation(KEY_A).run(
        taskFor({ bucket: 'b', key: 'k', versionId: 'v1' }),
        contextFor(emulator),
      ),
    );
    const bad = await settle(
      Promise.resolve().then(() =>
        updateObjectEncryptionDefinition.parse({
          ObjectEncryption: { SSEKMS: { KMSKeyArn: 'key-1' } },
        }),
      ),
    );

    // Assess
    expect(version).toMatchObject({ error: { code: 'VersionNotSupported' } });
    expect('error' in bad && bad.error).toBeInstanceOf(OperationSpecError);
    expect('error' in bad && (bad.error as OperationSpecError).field).toBe(
      'S3UpdateObjectEncryption.ObjectEncryption.SSEKMS.KMSKeyArn',
    );
  });
});
