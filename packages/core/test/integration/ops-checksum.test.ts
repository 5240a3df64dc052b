import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { deterministicBytes, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError, TaskFailure } from '../../src/errors.js';
import { computeChecksumOperation, type ChecksumResult } from '../../src/operations/checksum.js';
import { contextFor, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

/** Check values of "123456789" from the CRC catalogue; SHA/MD5 from node:crypto. */
const CHECK = Buffer.from('123456789');
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const EXPECTED = {
  CRC32: b64('cbf43926'),
  CRC32C: b64('e3069283'),
  CRC64NVME: b64('ae8b14860a799888'),
  SHA1: createHash('sha1').update(CHECK).digest('base64'),
  SHA256: createHash('sha256').update(CHECK).digest('base64'),
  MD5: createHash('md5').update(CHECK).digest('base64'),
} as const;

async function checksum(bucket: string, key: string, spec: unknown): Promise<ChecksumResult> {
  const op = computeChecksumOperation.create(computeChecksumOperation.parse(spec));
  const outcome = await op.run(taskFor({ bucket, key }), contextFor(emulator));
  return JSON.parse(outcome.message!) as ChecksumResult;
}

describe('operation: S3ComputeObjectChecksum', () => {
  it.each(Object.entries(EXPECTED))(
    'computes %s of an object stored without checksums',
    async (algorithm, expected) => {
      // Prepare
      const bucket = await emulator.createBucket('sum');
      await emulator.putObjects(bucket, { 'data/check.txt': CHECK });

      // Act
      const result = await checksum(bucket, 'data/check.txt', { ChecksumAlgorithm: algorithm });

      // Assess
      expect(result).toMatchObject({
        checksumAlgorithm: algorithm,
        checksumType: 'FULL_OBJECT',
        checksum_base64: expected,
        source: 'computed',
      });
    },
  );

  it('uses the checksum S3 stored when it is the one asked for', async () => {
    // Prepare
    const bucket = await emulator.createBucket('sum');
    await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: CHECK, ChecksumAlgorithm: 'CRC32C' }),
    );

    // Act
    const result = await checksum(bucket, 'k', { ChecksumAlgorithm: 'CRC32C' });

    // Assess
    expect(result).toMatchObject({ checksum_base64: EXPECTED.CRC32C, source: 's3' });
  });

  it('computes a COMPOSITE checksum of a multipart object part by part', async () => {
    // Prepare: two parts (moto enforces S3's 5 MiB minimum for all but the last)
    const bucket = await emulator.createBucket('sum');
    const part1 = deterministicBytes(5 * 1024 * 1024, 7);
    const part2 = deterministicBytes(1000, 8);
    const { UploadId } = await emulator.s3.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big' }),
    );
    const etags = [];
    for (const [i, body] of [part1, part2].entries()) {
      const out = await emulator.s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: 'big',
          UploadId,
          PartNumber: i + 1,
          Body: body,
        }),
      );
      etags.push({ PartNumber: i + 1, ETag: out.ETag });
    }
    await emulator.s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big',
        UploadId,
        MultipartUpload: { Parts: etags },
      }),
    );
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest();
    const composite = `${createHash('sha256')
      .update(Buffer.concat([sha(part1), sha(part2)]))
      .digest('base64')}-2`;
    const full = createHash('sha256').update(part1).update(part2).digest('base64');

    // Act
    const asComposite = await checksum(bucket, 'big', {
      ChecksumAlgorithm: 'SHA256',
      ChecksumType: 'COMPOSITE',
    });
    const asFull = await checksum(bucket, 'big', {
      ChecksumAlgorithm: 'SHA256',
      ChecksumType: 'FULL_OBJECT',
    });

    // Assess
    expect(asComposite).toMatchObject({
      checksum_base64: composite,
      checksumType: 'COMPOSITE',
      source: 'computed',
    });
    expect(asFull).toMatchObject({ checksum_base64: full, checksumType: 'FULL_OBJECT' });
  });

  it('checksums the version the manifest names', async () => {
    // Prepare
    const bucket = await emulator.createBucket('sumv');
    const { PutBucketVersioningCommand } = await import('@aws-sdk/client-s3');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const v1 = await emulator.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: CHECK }),
    );
    await emulator.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'changed' }));
    const op = computeChecksumOperation.create(
      computeChecksumOperation.parse({ ChecksumAlgorithm: 'SHA1' }),
    );

    // Act
    const outcome = await op.run(
      taskFor({ bucket, key: 'k', versionId: v1.VersionId! }),
      contextFor(emulator),
    );

    // Assess
    expect(JSON.parse(outcome.message!)).toMatchObject({ checksum_base64: EXPECTED.SHA1 });
  });

  it('a missing object fails with NoSuchKey and says so (HEAD errors have no body)', async () => {
    // Prepare
    const bucket = await emulator.createBucket('sum');
    const op = computeChecksumOperation.create(
      computeChecksumOperation.parse({ ChecksumAlgorithm: 'CRC32' }),
    );

    // Act
    const error = await op
      .run(taskFor({ bucket, key: 'gone' }), contextFor(emulator))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskFailure);
    expect(error).toMatchObject({
      code: 'NoSuchKey',
      httpStatus: 404,
      temporary: false,
      message: `s3://${bucket}/gone does not exist`,
    });
  });

  it.each([
    [{}, 'S3ComputeObjectChecksum.ChecksumAlgorithm', /one of "CRC32", "CRC32C"/],
    [
      { ChecksumAlgorithm: 'CRC16' },
      'S3ComputeObjectChecksum.ChecksumAlgorithm',
      /"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "MD5"/,
    ],
    [
      { ChecksumAlgorithm: 'CRC32', ChecksumType: 'PARTS' },
      'S3ComputeObjectChecksum.ChecksumType',
      /"FULL_OBJECT", "COMPOSITE"/,
    ],
    [
      { ChecksumAlgorithm: 'CRC64NVME', ChecksumType: 'COMPOSITE' },
      'S3ComputeObjectChecksum.ChecksumType',
      /only ChecksumType FULL_OBJECT/,
    ],
  ])('rejects the bad spec %j', (spec, field, message) => {
    let error: unknown;
    try {
      computeChecksumOperation.parse(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
