import {
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { generateManifest } from '../../src/manifest/generator.js';
import type { ManifestFilters, ObjectEntry } from '../../src/manifest/types.js';
import { bulkDeleteOperation } from '../../src/operations/bulk-delete.js';
import { contextFor, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

async function collect(entries: AsyncIterable<ObjectEntry>): Promise<ObjectEntry[]> {
  const out: ObjectEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

/** A versioned bucket: two versions of a.txt, b.txt deleted (a delete marker), c.txt once. */
async function versionedBucket(): Promise<string> {
  const bucket = await emulator.createBucket('versions');
  await emulator.s3.send(
    new PutBucketVersioningCommand({
      Bucket: bucket,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await emulator.putObjects(bucket, { 'p/a.txt': 'one', 'p/b.txt': 'bee' });
  await emulator.putObjects(bucket, { 'p/a.txt': 'two!' });
  await emulator.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'p/b.txt' }));
  await emulator.putObjects(bucket, { 'p/c.txt': 'sea' });
  return bucket;
}

async function versionCount(bucket: string): Promise<number> {
  const out = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  return (out.Versions?.length ?? 0) + (out.DeleteMarkers?.length ?? 0);
}

describe('versioned buckets: --generate --all-versions and S3BulkDelete of versions', () => {
  it('lists every version and delete marker with its VersionId, newest first per key', async () => {
    // Prepare
    const bucket = await versionedBucket();

    // Act
    const entries = await collect(
      generateManifest({ format: 'generate', bucket, prefix: 'p/', allVersions: true }, emulator),
    );

    // Assess
    expect(entries.map((e) => [e.object.key, e.facts?.size ?? 'marker'])).toEqual([
      ['p/a.txt', 4],
      ['p/a.txt', 3],
      ['p/b.txt', 'marker'],
      ['p/b.txt', 3],
      ['p/c.txt', 3],
    ]);
    expect(entries.every((e) => typeof e.object.versionId === 'string')).toBe(true);
    expect(new Set(entries.map((e) => e.object.versionId)).size).toBe(5);
  });

  it('empties a versioned prefix: every version and delete marker deleted by its VersionId', async () => {
    // Prepare
    const bucket = await versionedBucket();
    const entries = await collect(
      generateManifest({ format: 'generate', bucket, allVersions: true }, emulator),
    );
    const op = bulkDeleteOperation.create(bulkDeleteOperation.parse({ BatchSize: 2 }));

    // Act
    const outcomes = await Promise.all(
      entries.map((e, i) => op.run(taskFor(e.object, i + 1), contextFor(emulator))),
    );

    // Assess
    expect(outcomes.map((o) => o.message)).toEqual(
      entries.map((e) => `deleted version ${e.object.versionId}`),
    );
    expect(await versionCount(bucket)).toBe(0);
  });
});

describe('manifest: generator MatchAnyObjectEncryption (one HEAD per candidate)', () => {
  it.each<[string, ManifestFilters['objectEncryption'], string[]]>([
    ['SSE-KMS', [{ type: 'SSEKMS' }], ['kms.txt']],
    ['SSE-KMS with its key', [{ type: 'SSEKMS', kmsKeyArn: KMS_KEY }], ['kms.txt']],
    ['SSE-KMS with another key', [{ type: 'SSEKMS', kmsKeyArn: `${KMS_KEY}0` }], []],
    ['SSE-S3', [{ type: 'SSES3' }], ['s3.txt']],
    ['either', [{ type: 'SSES3' }, { type: 'SSEKMS' }], ['kms.txt', 's3.txt']],
  ])('%s', async (_name, objectEncryption, expected) => {
    // Prepare
    const bucket = await emulator.createBucket('encryption');
    await emulator.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'kms.txt',
        Body: 'k',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: KMS_KEY,
      }),
    );
    await emulator.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 's3.txt',
        Body: 's',
        ServerSideEncryption: 'AES256',
      }),
    );

    // Act
    const entries = await collect(
      generateManifest({ format: 'generate', bucket, filters: { objectEncryption } }, emulator),
    );

    // Assess
    expect(entries.map((e) => e.object.key)).toEqual(expected);
  });
});
