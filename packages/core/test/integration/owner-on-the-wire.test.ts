import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startRecordingProxy, useEmulator, type RecordedRequest } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import { openManifest } from '../../src/manifest/open-manifest.js';
import { parseOperation } from '../../src/operations/registry.js';
import type { OperationContext } from '../../src/operations/types.js';
import { createS3Client } from '../../src/s3/client.js';
import { taskFor } from './ops-fixtures.js';

// Cross-account safety on the wire: every request an operation or a generated manifest's listing
// sends to a bucket names that bucket's owner (x-amz-expected-bucket-owner), and a copy also the
// source's (x-amz-source-expected-bucket-owner). Checked through a recording proxy in front of
// the emulator, with core's own client (so copies take the lean path real runs take).
const emulator = useEmulator();
const OWNER = '123456789012'; // moto's account: the header is right, and moto accepts it
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
let s3: ReturnType<typeof createS3Client>;

beforeAll(async () => {
  proxy = await startRecordingProxy(emulator.info.endpoint);
  s3 = createS3Client({ ...emulator.clientOptions(), endpointUrl: proxy.url });
});
afterAll(async () => {
  s3.destroy();
  await proxy.stop();
});

function context(): OperationContext {
  return {
    s3: { source: s3, destination: s3 },
    crossEndpoint: false,
    signal: new AbortController().signal,
    jobId: 'owner-wire',
    settings: {
      ...DEFAULT_OPERATION_SETTINGS,
      expectedBucketOwner: OWNER,
      expectedSourceBucketOwner: OWNER,
    },
  };
}

/** Requests to `buckets` recorded while `act` ran. */
async function recorded(
  buckets: string[],
  act: () => Promise<unknown>,
): Promise<RecordedRequest[]> {
  const from = proxy.requests.length;
  await act();
  return proxy.requests.slice(from).filter((r) => buckets.includes(r.bucket));
}

function withoutOwner(requests: RecordedRequest[]): string[] {
  return requests
    .filter((r) => r.headers['x-amz-expected-bucket-owner'] !== OWNER)
    .map((r) => `${r.method} ${r.path}`);
}

const OPERATIONS: Array<[string, Record<string, unknown>, { lock?: boolean; cold?: boolean }]> = [
  ['S3PutObjectTagging', { TagSet: [{ Key: 'k', Value: 'v' }] }, {}],
  ['S3DeleteObjectTagging', {}, {}],
  ['S3PutObjectAcl', { AccessControlPolicy: { CannedAccessControlList: 'private' } }, {}],
  ['S3InitiateRestoreObject', { ExpirationInDays: 1, GlacierJobTier: 'BULK' }, { cold: true }],
  ['S3PutObjectLegalHold', { LegalHold: { Status: 'ON' } }, { lock: true }],
  [
    'S3PutObjectRetention',
    {
      BypassGovernanceRetention: true,
      Retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2099-01-01T00:00:00Z' },
    },
    { lock: true },
  ],
  ['S3ComputeObjectChecksum', { ChecksumAlgorithm: 'CRC32' }, {}],
  ['S3BulkDelete', {}, {}],
];

describe('security: expected bucket owner on the wire (recording proxy, emulator)', () => {
  it.each(OPERATIONS)('%s sends it on every request', async (name, spec, needs) => {
    // Prepare
    const bucket = await createBucket(needs.lock === true);
    await emulator.putObjects(bucket, {
      'a.txt': needs.cold ? { Body: 'x', StorageClass: 'GLACIER' } : 'x',
    });
    const operation = parseOperation({ [name]: spec });

    // Act
    const requests = await recorded([bucket], () =>
      operation.run(taskFor({ bucket, key: 'a.txt' }), context()),
    );

    // Assess
    expect(requests.length).toBeGreaterThan(0);
    expect(withoutOwner(requests)).toEqual([]);
  });

  it('S3PutObjectCopy (lean path) sends both owners on the copy and the owner on every call', async () => {
    // Prepare
    const src = await emulator.createBucket('owner-src');
    const dst = await emulator.createBucket('owner-dst');
    await emulator.putObjects(src, { 'a.txt': 'copy me' });
    const operation = parseOperation({
      S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` },
    });

    // Act
    const requests = await recorded([src, dst], () =>
      operation.run(taskFor({ bucket: src, key: 'a.txt' }), context()),
    );

    // Assess
    const copies = requests.filter((r) => 'x-amz-copy-source' in r.headers);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.headers['x-amz-source-expected-bucket-owner']).toBe(OWNER);
    expect(withoutOwner(requests)).toEqual([]);
    expect(await emulator.getText(dst, 'a.txt')).toBe('copy me');
  });

  it('a generated manifest (--generate) lists with it', async () => {
    // Prepare
    const bucket = await emulator.createBucket('owner-gen');
    await emulator.putObjects(bucket, { 'in/a': 'a', 'in/b': 'b', 'out/c': 'c' });

    // Act
    const keys: string[] = [];
    const requests = await recorded([bucket], async () => {
      const entries = openManifest(
        { format: 'generate', bucket, prefix: 'in/' },
        { s3, expectedBucketOwner: OWNER },
      );
      for await (const entry of entries) if (entry.kind === 'object') keys.push(entry.object.key);
    });

    // Assess
    expect(keys).toEqual(['in/a', 'in/b']);
    expect(requests.length).toBeGreaterThan(0);
    expect(withoutOwner(requests)).toEqual([]);
  });
});

async function createBucket(objectLock: boolean): Promise<string> {
  if (!objectLock) return emulator.createBucket('owner-op');
  const bucket = `owner-lock-${Math.random().toString(16).slice(2, 10)}`;
  await emulator.s3.send(
    new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }),
  );
  return bucket;
}
