import {
  GetObjectTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../../src/errors.js';
import { deleteObjectTaggingOperation } from '../../src/operations/delete-tagging.js';
import { putObjectTaggingOperation } from '../../src/operations/tagging.js';
import { contextFor, settle, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

async function tagsOf(bucket: string, key: string, versionId?: string) {
  const out = await emulator.s3.send(
    new GetObjectTaggingCommand({
      Bucket: bucket,
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  return (out.TagSet ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
}

describe('operation: S3PutObjectTagging', () => {
  it('replaces all tags of the object, awkward keys included', async () => {
    // Prepare
    const bucket = await emulator.createBucket('tag');
    const key = 'with space/plus+sign/日本語.txt';
    await emulator.putObjects(bucket, { [key]: { Body: 'x', Tagging: 'old=1&keep=no' } });
    const op = putObjectTaggingOperation.create(
      putObjectTaggingOperation.parse({
        TagSet: [
          { Key: 'Department', Value: 'Engineering' },
          { Key: 'Retention', Value: '7-years' },
        ],
      }),
    );

    // Act
    const outcome = await op.run(taskFor({ bucket, key }), contextFor(emulator));

    // Assess
    expect(outcome.message).toContain('2 tags');
    expect(await tagsOf(bucket, key)).toEqual([
      { Key: 'Department', Value: 'Engineering' },
      { Key: 'Retention', Value: '7-years' },
    ]);
  });

  it('tags only the version the manifest names', async () => {
    // Prepare
    const bucket = await emulator.createBucket('tagv');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '1' }),
    );
    await emulator.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: '2' }));
    const op = putObjectTaggingOperation.create(
      putObjectTaggingOperation.parse({ TagSet: [{ Key: 'v', Value: 'one' }] }),
    );

    // Act
    await op.run(taskFor({ bucket, key: 'k', versionId: v1.VersionId! }), contextFor(emulator));

    // Assess
    expect(await tagsOf(bucket, 'k', v1.VersionId)).toEqual([{ Key: 'v', Value: 'one' }]);
    expect(await tagsOf(bucket, 'k')).toEqual([]);
  });

  it('fails the task with S3 error for a missing object', async () => {
    // Prepare
    const bucket = await emulator.createBucket('tagm');
    const op = putObjectTaggingOperation.create(putObjectTaggingOperation.parse({ TagSet: [] }));

    // Act
    const result = await settle(op.run(taskFor({ bucket, key: 'missing' }), contextFor(emulator)));

    // Assess
    expect(result).toHaveProperty('error');
    expect((result as { error: { name: string } }).error.name).toBe('NoSuchKey');
  });

  it.each([
    [{}, 'S3PutObjectTagging.TagSet', /required/],
    [{ TagSet: [{ Key: '', Value: 'v' }] }, 'S3PutObjectTagging.TagSet.0.Key', /1 to 128/],
    [
      { TagSet: [{ Key: 'k', Value: 'v', Extra: 1 }] },
      'S3PutObjectTagging.TagSet.0.Extra',
      /allowed: Key, Value/,
    ],
    [
      { TagSet: Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: '' })) },
      'S3PutObjectTagging.TagSet',
      /at most 10/,
    ],
    [
      {
        TagSet: [
          { Key: 'a', Value: '1' },
          { Key: 'a', Value: '2' },
        ],
      },
      'S3PutObjectTagging.TagSet',
      /unique/,
    ],
  ])('rejects the bad spec %j naming the field', (spec, field, message) => {
    // Act
    const error = (() => {
      try {
        putObjectTaggingOperation.parse(spec);
      } catch (e) {
        return e;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(OperationSpecError);
    expect((error as OperationSpecError).field).toBe(field);
    expect((error as OperationSpecError).message).toMatch(message);
  });
});

describe('operation: S3DeleteObjectTagging', () => {
  it('removes every tag of the object', async () => {
    // Prepare
    const bucket = await emulator.createBucket('untag');
    await emulator.putObjects(bucket, { a: { Body: 'x', Tagging: 'a=1&b=2' } });
    const op = deleteObjectTaggingOperation.create(deleteObjectTaggingOperation.parse({}));

    // Act
    const outcome = await op.run(taskFor({ bucket, key: 'a' }), contextFor(emulator));

    // Assess
    expect(outcome.message).toBe(`deleted all tags of s3://${bucket}/a`);
    expect(await tagsOf(bucket, 'a')).toEqual([]);
  });

  it('takes no fields', () => {
    expect(() => deleteObjectTaggingOperation.parse({ TagSet: [] })).toThrow(
      expect.objectContaining({ field: 'S3DeleteObjectTagging.TagSet' }),
    );
  });
});
