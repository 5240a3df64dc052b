import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError, TaskFailure } from '../../src/errors.js';
import { initiateRestoreOperation } from '../../src/operations/restore.js';
import { contextFor, settle, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

describe('operation: S3InitiateRestoreObject', () => {
  it.each(['GLACIER', 'DEEP_ARCHIVE'] as const)(
    'starts a restore of a %s object (restore header set)',
    async (storageClass) => {
      // Prepare
      const bucket = await emulator.createBucket('restore');
      await emulator.putObjects(bucket, {
        'cold/a.bin': { Body: 'x', StorageClass: storageClass },
      });
      const op = initiateRestoreOperation.create(
        initiateRestoreOperation.parse({ ExpirationInDays: 3, GlacierJobTier: 'BULK' }),
      );

      // Act
      const outcome = await op.run(taskFor({ bucket, key: 'cold/a.bin' }), contextFor(emulator));

      // Assess
      const head = await emulator.s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'cold/a.bin' }),
      );
      expect(outcome.message).toMatch(/restore started \(BULK, 3 day\(s\)\)|already restored/);
      expect(head.Restore).toMatch(/ongoing-request="(true|false)"/);
    },
  );

  it('a second restore of the same object is not an error', async () => {
    // Prepare
    const bucket = await emulator.createBucket('restore');
    await emulator.putObjects(bucket, { a: { Body: 'x', StorageClass: 'GLACIER' } });
    const op = initiateRestoreOperation.create(
      initiateRestoreOperation.parse({ ExpirationInDays: 1 }),
    );
    await op.run(taskFor({ bucket, key: 'a' }), contextFor(emulator));

    // Act
    const again = await op.run(taskFor({ bucket, key: 'a' }), contextFor(emulator));

    // Assess
    expect(again.message).toMatch(/already/);
  });

  it('fails an object that is not in an archive tier with a clear, permanent failure', async () => {
    // Prepare
    const bucket = await emulator.createBucket('restore');
    await emulator.putObjects(bucket, { hot: 'x' });
    const op = initiateRestoreOperation.create(
      initiateRestoreOperation.parse({ ExpirationInDays: 1 }),
    );

    // Act
    const result = await settle(
      op.run(
        taskFor({ bucket, key: 'hot' }, 1, { storageClass: 'STANDARD' }),
        contextFor(emulator),
      ),
    );

    // Assess
    const error = (result as { error: TaskFailure }).error;
    expect(error).toBeInstanceOf(TaskFailure);
    expect(error).toMatchObject({ code: 'InvalidObjectState', temporary: false });
    expect(error.message).toContain(
      `s3://${bucket}/hot is not in an archive tier (storage class STANDARD)`,
    );
  });

  it.each([
    [{ ExpirationInDays: 0 }, 'S3InitiateRestoreObject.ExpirationInDays', /at least 1/],
    [{ ExpirationInDays: 1.5 }, 'S3InitiateRestoreObject.ExpirationInDays', /must be int/],
    [
      { GlacierJobTier: 'EXPEDITED' },
      'S3InitiateRestoreObject.GlacierJobTier',
      /"BULK", "STANDARD"/,
    ],
  ])('rejects the bad spec %j', (spec, field, message) => {
    let error: unknown;
    try {
      initiateRestoreOperation.parse(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
