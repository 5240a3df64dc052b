import {
  CreateBucketCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, uniqueBucketName, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../../src/errors.js';
import { bulkDeleteOperation } from '../../src/operations/bulk-delete.js';
import { contextFor, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

/** Count DeleteObjects requests a client sends. */
function countDeletes(client: S3Client): { count: number; remove(): void } {
  const counter = { count: 0, remove: () => client.middlewareStack.remove('count-deletes') };
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === 'DeleteObjectsCommand') counter.count++;
      return next(args);
    },
    { step: 'initialize', name: 'count-deletes' },
  );
  return counter;
}

describe('operation: S3BulkDelete', () => {
  it('deletes concurrent tasks through DeleteObjects batches, awkward keys included', async () => {
    // Prepare
    const bucket = await emulator.createBucket('del');
    await emulator.putObjects(
      bucket,
      Object.fromEntries([...AWKWARD_KEYS, 'keep'].map((k) => [k, 'x'])),
    );
    const op = bulkDeleteOperation.create(bulkDeleteOperation.parse({ BatchSize: 4 }));
    const counter = countDeletes(emulator.s3);

    // Act
    const outcomes = await Promise.all(
      AWKWARD_KEYS.map((key, i) => op.run(taskFor({ bucket, key }, i + 1), contextFor(emulator))),
    );
    counter.remove();

    // Assess
    expect(outcomes.map((o) => o.message)).toEqual(
      AWKWARD_KEYS.map((k) => `deleted s3://${bucket}/${k}`),
    );
    expect(await emulator.listKeys(bucket)).toEqual(['keep']);
    expect(counter.count).toBe(Math.ceil(AWKWARD_KEYS.length / 4));
  });

  it('deletes the listed versions only', async () => {
    // Prepare
    const bucket = await emulator.createBucket('delv');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1' }),
    );
    const v2 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2' }),
    );
    const op = bulkDeleteOperation.create(bulkDeleteOperation.parse({}));

    // Act
    const [outcome] = await Promise.all([
      op.run(taskFor({ bucket, key: 'k', versionId: v1.VersionId! }), contextFor(emulator)),
    ]);

    // Assess
    const versions = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(outcome?.message).toBe(`deleted version ${v1.VersionId}`);
    expect((versions.Versions ?? []).map((v) => v.VersionId)).toEqual([v2.VersionId]);
  });

  it('leaves a delete marker for a plain delete in a versioned bucket', async () => {
    // Prepare
    const bucket = await emulator.createBucket('delm');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await emulator.putObjects(bucket, { k: 'x' });
    const op = bulkDeleteOperation.create(bulkDeleteOperation.parse({}));

    // Act
    await op.run(taskFor({ bucket, key: 'k' }), contextFor(emulator));

    // Assess
    const versions = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(await emulator.listKeys(bucket)).toEqual([]);
    expect(versions.DeleteMarkers?.map((m) => m.Key)).toEqual(['k']);
    expect(versions.Versions?.length).toBe(1);
  });

  it('deletes a version under GOVERNANCE retention only with BypassGovernanceRetention', async () => {
    // Prepare
    const bucket = uniqueBucketName('dellock');
    await emulator.s3.send(
      new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }),
    );
    const put = await emulator.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'kept',
        Body: 'x',
        // S3 requires a checksum on a PUT that sets a retention.
        ChecksumAlgorithm: 'CRC32',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: new Date(Date.now() + 86_400_000),
      }),
    );
    const task = taskFor({ bucket, key: 'kept', versionId: put.VersionId! });
    const plain = bulkDeleteOperation.create(bulkDeleteOperation.parse({}));
    const bypass = bulkDeleteOperation.create(
      bulkDeleteOperation.parse({ BypassGovernanceRetention: true }),
    );

    // Act
    const refused = await plain.run(task, contextFor(emulator)).catch((e: unknown) => e);
    const deleted = await bypass.run(task, contextFor(emulator));

    // Assess
    expect(refused).toMatchObject({ code: 'AccessDenied', temporary: false });
    expect(deleted.message).toBe(`deleted version ${put.VersionId}`);
    const versions = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(versions.Versions ?? []).toEqual([]);
  });

  it('fails every task of a batch whose request fails, for the engine to retry', async () => {
    // Prepare
    const op = bulkDeleteOperation.create(bulkDeleteOperation.parse({}));
    const bucket = 'no-such-bucket-for-s3bulk-delete';

    // Act
    const results = await Promise.allSettled(
      ['a', 'b'].map((key, i) => op.run(taskFor({ bucket, key }, i + 1), contextFor(emulator))),
    );

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'NoSuchBucket' });
  });

  it.each([
    [{ BatchSize: 1001 }, 'S3BulkDelete.BatchSize', /at most 1000/],
    [{ BatchSize: 0 }, 'S3BulkDelete.BatchSize', />=1/],
    [
      { Bucket: 'x' },
      'S3BulkDelete.Bucket',
      /allowed: BatchSize, LingerMs, BypassGovernanceRetention/,
    ],
  ])('rejects the bad spec %j', (spec, field, message) => {
    let error: unknown;
    try {
      bulkDeleteOperation.parse(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
