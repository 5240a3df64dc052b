import {
  CreateBucketCommand,
  GetObjectLegalHoldCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { uniqueBucketName, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../../src/errors.js';
import { putLegalHoldOperation } from '../../src/operations/legal-hold.js';
import { putRetentionOperation } from '../../src/operations/retention.js';
import { contextFor, taskFor } from './ops-fixtures.js';

const emulator = useEmulator();

/** Object Lock needs a bucket created with it (and so versioned). */
async function lockedBucketWith(key: string): Promise<{ bucket: string; versionId: string }> {
  const bucket = uniqueBucketName('lock');
  await emulator.s3.send(
    new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }),
  );
  const put = await emulator.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x' }));
  return { bucket, versionId: put.VersionId ?? '' };
}

describe('operation: S3PutObjectLegalHold', () => {
  it.each(['ON', 'OFF'] as const)(
    'sets the legal hold %s on the listed version',
    async (status) => {
      // Prepare
      const { bucket, versionId } = await lockedBucketWith('held.txt');
      const op = putLegalHoldOperation.create(
        putLegalHoldOperation.parse({ LegalHold: { Status: status } }),
      );

      // Act
      const outcome = await op.run(
        taskFor({ bucket, key: 'held.txt', versionId }),
        contextFor(emulator),
      );

      // Assess
      const hold = await emulator.s3.send(
        new GetObjectLegalHoldCommand({ Bucket: bucket, Key: 'held.txt', VersionId: versionId }),
      );
      expect(hold.LegalHold?.Status).toBe(status);
      expect(outcome.message).toBe(
        `legal hold ${status} on s3://${bucket}/held.txt?versionId=${versionId}`,
      );
    },
  );

  it('rejects a status other than ON or OFF', () => {
    expect(() => putLegalHoldOperation.parse({ LegalHold: { Status: 'on' } })).toThrow(
      expect.objectContaining({
        field: 'S3PutObjectLegalHold.LegalHold.Status',
        message: expect.stringMatching(/"ON", "OFF"/),
      }),
    );
  });
});

describe('operation: S3PutObjectRetention', () => {
  it('sets GOVERNANCE retention until the given date', async () => {
    // Prepare
    const { bucket } = await lockedBucketWith('kept.txt');
    const until = '2031-05-01T00:00:00.000Z';
    const op = putRetentionOperation.create(
      putRetentionOperation.parse({
        BypassGovernanceRetention: true,
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: until },
      }),
    );

    // Act
    const outcome = await op.run(taskFor({ bucket, key: 'kept.txt' }), contextFor(emulator));

    // Assess
    // moto answers GetObjectRetention with an empty body; HeadObject carries the same state.
    const head = await emulator.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kept.txt' }));
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    expect(head.ObjectLockRetainUntilDate?.toISOString()).toBe(until);
    expect(outcome.message).toContain(`retention GOVERNANCE until ${until}`);
  });

  it.each([
    [
      { Retention: { Mode: 'LEGAL', RetainUntilDate: '2031-01-01T00:00:00Z' } },
      'S3PutObjectRetention.Retention.Mode',
      /"COMPLIANCE", "GOVERNANCE"/,
    ],
    [
      { Retention: { Mode: 'GOVERNANCE', RetainUntilDate: 'next year' } },
      'S3PutObjectRetention.Retention.RetainUntilDate',
      /ISO 8601/,
    ],
    [{ Retention: { Mode: 'GOVERNANCE' } }, 'S3PutObjectRetention.Retention', /together/],
    [
      { BypassGovernanceRetention: 'yes', Retention: {} },
      'S3PutObjectRetention.BypassGovernanceRetention',
      /boolean/,
    ],
  ])('rejects the bad spec %j', (spec, field, message) => {
    let error: unknown;
    try {
      putRetentionOperation.parse(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationSpecError);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toMatch(message);
  });
});
