import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, deterministicBytes, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyDefinition } from '../../src/operations/copy.js';
import { effectMessage } from '../../src/operations/sync-message.js';
import { classifyError } from '../../src/s3/errors.js';
import type { Task } from '../../src/operations/types.js';
import { emulatorContext, unitTask } from '../copy-fixtures.js';

const emulator = useEmulator();
const MiB = 1024 * 1024;
const LOWERED = { multipartThreshold: 5 * MiB, partSize: 5 * MiB };

function copyTo(bucket: string, extra: Record<string, unknown> = {}) {
  return copyDefinition.create(
    copyDefinition.parse({ TargetResource: `arn:aws:s3:::${bucket}`, ...extra }),
  );
}

async function tagsOf(bucket: string, key: string) {
  const out = await emulator.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  return Object.fromEntries((out.TagSet ?? []).map((t) => [t.Key, t.Value]));
}

async function bytesOf(bucket: string, key: string, versionId?: string): Promise<Buffer> {
  const out = await emulator.s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ...(versionId ? { VersionId: versionId } : {}),
    }),
  );
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function putRich(bucket: string, key: string, body: Uint8Array | string) {
  await emulator.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-parquet',
      CacheControl: 'max-age=300',
      ContentDisposition: 'attachment; filename="data.parquet"',
      Metadata: { pipeline: 'nightly', owner: 'data-eng' },
      Tagging: 'team=analytics&tier=gold',
    }),
  );
}

describe('operation: copy (S3PutObjectCopy) against the emulator', () => {
  it('copies one object keeping content type, metadata and tags', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('cp-src'),
      emulator.createBucket('cp-dst'),
    ]);
    await putRich(src, 'data/part-0.parquet', 'hello parquet');

    // Act
    const outcome = await copyTo(dst, { TargetKeyPrefix: 'backup' }).run(
      unitTask({ bucket: src, key: 'data/part-0.parquet' }),
      emulatorContext(emulator),
    );

    // Assess
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: dst, Key: 'backup/data/part-0.parquet' }),
    );
    expect(head).toMatchObject({
      ContentType: 'application/x-parquet',
      CacheControl: 'max-age=300',
      ContentDisposition: 'attachment; filename="data.parquet"',
      Metadata: { pipeline: 'nightly', owner: 'data-eng' },
    });
    expect(await tagsOf(dst, 'backup/data/part-0.parquet')).toEqual({
      team: 'analytics',
      tier: 'gold',
    });
    expect(effectMessage(outcome.effect!)).toMatch(
      /^copied to s3:\/\/cp-dst-\w+\/backup\/data\/part-0.parquet \(etag "/,
    );
  });

  it('replaces metadata and tags when told to (REPLACE, NewObjectTagging)', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('rp-src'),
      emulator.createBucket('rp-dst'),
    ]);
    await putRich(src, 'k.txt', 'x');

    // Act
    await copyTo(dst, {
      MetadataDirective: 'REPLACE',
      NewObjectMetadata: { ContentType: 'text/plain', UserMetadata: { fresh: 'yes' } },
      NewObjectTagging: [{ Key: 'copied', Value: 'true' }],
      StorageClass: 'STANDARD_IA',
    }).run(unitTask({ bucket: src, key: 'k.txt' }), emulatorContext(emulator));

    // Assess
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: dst, Key: 'k.txt' }));
    expect(head.ContentType).toBe('text/plain');
    expect(head.Metadata).toEqual({ fresh: 'yes' });
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(await tagsOf(dst, 'k.txt')).toEqual({ copied: 'true' });
  });

  it('copies above the threshold in parts: byte-identical, metadata and tags kept', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('mp-src'),
      emulator.createBucket('mp-dst'),
    ]);
    const body = deterministicBytes(12 * MiB + 123, 7);
    await putRich(src, 'big/blob.bin', body);

    // Act
    const outcome = await copyTo(dst).run(
      unitTask({ bucket: src, key: 'big/blob.bin' }),
      emulatorContext(emulator, { settings: LOWERED }),
    );

    // Assess
    expect(effectMessage(outcome.effect!)).toContain('multipart copy to');
    expect(effectMessage(outcome.effect!)).toContain('3 parts');
    expect(outcome.bytes).toBe(body.length);
    expect((await bytesOf(dst, 'big/blob.bin')).equals(Buffer.from(body))).toBe(true);
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: dst, Key: 'big/blob.bin' }),
    );
    expect(head).toMatchObject({
      ContentType: 'application/x-parquet',
      CacheControl: 'max-age=300',
      Metadata: { pipeline: 'nightly', owner: 'data-eng' },
    });
    expect(await tagsOf(dst, 'big/blob.bin')).toEqual({ team: 'analytics', tier: 'gold' });
    const uploads = await emulator.s3.send(new ListMultipartUploadsCommand({ Bucket: dst }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it('copies the version the manifest names', async () => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('vr-src'),
      emulator.createBucket('vr-dst'),
    ]);
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: src,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: src, Key: 'v key+1.txt', Body: 'first' }),
    );
    await emulator.s3.send(
      new PutObjectCommand({ Bucket: src, Key: 'v key+1.txt', Body: 'second' }),
    );
    const big = deterministicBytes(11 * MiB, 3);
    const b1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: src, Key: 'big.bin', Body: big }),
    );
    await emulator.s3.send(
      new PutObjectCommand({ Bucket: src, Key: 'big.bin', Body: 'small now' }),
    );
    const context = emulatorContext(emulator, { settings: LOWERED });

    // Act
    await copyTo(dst).run(
      unitTask({ bucket: src, key: 'v key+1.txt', versionId: v1.VersionId! }),
      context,
    );
    await copyTo(dst).run(
      unitTask({ bucket: src, key: 'big.bin', versionId: b1.VersionId! }),
      context,
    );

    // Assess
    expect(await emulator.getText(dst, 'v key+1.txt')).toBe('first');
    expect((await bytesOf(dst, 'big.bin')).equals(Buffer.from(big))).toBe(true);
  });

  it.each([
    ['below the threshold (one streamed PUT)', 64 * 1024, /^streamed to /],
    ['above the threshold (multipart upload)', 11 * MiB, /^streamed in 3 parts to /],
  ])('streams between endpoints %s, keeping metadata and tags', async (_name, size, message) => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('xs-src'),
      emulator.createBucket('xs-dst'),
    ]);
    const body = deterministicBytes(size, 11);
    await putRich(src, 'cross/obj.bin', body);
    const context = emulatorContext(emulator, { crossEndpoint: true, settings: LOWERED });

    // Act
    const outcome = await copyTo(dst).run(unitTask({ bucket: src, key: 'cross/obj.bin' }), context);

    // Assess
    expect(effectMessage(outcome.effect!)).toMatch(message);
    expect(outcome).toMatchObject({ bytes: size, clientBytes: size });
    expect((await bytesOf(dst, 'cross/obj.bin')).equals(Buffer.from(body))).toBe(true);
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: dst, Key: 'cross/obj.bin' }),
    );
    expect(head.ContentType).toBe('application/x-parquet');
    expect(head.Metadata).toEqual({ pipeline: 'nightly', owner: 'data-eng' });
    expect(await tagsOf(dst, 'cross/obj.bin')).toEqual({ team: 'analytics', tier: 'gold' });
  });

  it.each([
    ['server-side', false, {}],
    ['multipart', false, LOWERED],
    ['streamed', true, {}],
  ])('fails a missing source as a permanent error (%s)', async (_name, crossEndpoint, settings) => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('ms-src'),
      emulator.createBucket('ms-dst'),
    ]);
    const context = emulatorContext(emulator, { crossEndpoint, settings });

    // Act
    const error = await copyTo(dst)
      .run(unitTask({ bucket: src, key: 'not/there.txt' }), context)
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    // Assess
    expect(classifyError(error)).toMatchObject({ temporary: false });
    expect(classifyError(error).code).toMatch(/NoSuchKey|NotFound/);
    expect(await emulator.listKeys(dst)).toEqual([]);
  });

  it.each([
    ['server-side', false],
    ['streamed', true],
  ])('copies awkward keys (%s)', async (_name, crossEndpoint) => {
    // Prepare
    const [src, dst] = await Promise.all([
      emulator.createBucket('aw-src'),
      emulator.createBucket('aw-dst'),
    ]);
    await emulator.putObjects(
      src,
      Object.fromEntries(AWKWARD_KEYS.map((k) => [k, `body of ${k}`])),
    );
    const op = copyTo(dst);
    const context = emulatorContext(emulator, { crossEndpoint });
    const tasks: Task[] = AWKWARD_KEYS.map((key, i) => ({
      ...unitTask({ bucket: src, key }),
      id: String(i + 1),
    }));

    // Act
    const outcomes = await Promise.allSettled(tasks.map((t) => op.run(t, context)));

    // Assess
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await emulator.listKeys(dst)).toEqual(await emulator.listKeys(src));
    for (const key of AWKWARD_KEYS) expect(await emulator.getText(dst, key)).toBe(`body of ${key}`);
  });
});
