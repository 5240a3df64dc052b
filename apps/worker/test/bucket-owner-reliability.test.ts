import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { arrayEnv, bundleWorker, spawnWorker } from './worker-process.js';

// Issue 7, cross-account safety in the AWS Batch worker: moto does not check ExpectedBucketOwner,
// so a loopback proxy in front of it records every S3 request the worker sends.
const emulator = useEmulator();
const DESTINATION_OWNER = '111111111111';
const SOURCE_OWNER = '222222222222';
let bundle: string;
let proxy: RecordingProxy | undefined;

beforeAll(() => {
  bundle = bundleWorker();
});

afterEach(async () => {
  await proxy?.stop();
});

describe('worker: S3BULK_EXPECTED_BUCKET_OWNER and S3BULK_EXPECTED_SOURCE_BUCKET_OWNER', () => {
  it('every request to the source and destination buckets carries that bucket owner', async () => {
    // Prepare
    const control = await emulator.createBucket('owner-ctl');
    const src = await emulator.createBucket('owner-src');
    const dst = await emulator.createBucket('owner-dst');
    const keys = ['a.txt', 'b.txt', 'dir/c.txt'];
    await emulator.putObjects(src, Object.fromEntries(keys.map((k) => [k, `body ${k}`])));
    await emulator.putObjects(control, { 'm.csv': keys.map((k) => `${src},${k}\n`).join('') });
    proxy = await startRecordingProxy(emulator.processEnv().AWS_ENDPOINT_URL ?? '');
    const env = emulator.processEnv({
      ...arrayEnv(0, 1),
      AWS_ENDPOINT_URL: proxy.url,
      S3BULK_JOB_ID: `owner-${Date.now()}`,
      S3BULK_MANIFEST_FORMAT: 'csv',
      S3BULK_OPERATION: JSON.stringify({
        S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` },
      }),
      S3BULK_CHECKPOINT: `s3://${control}/ck/`,
      S3BULK_EXPECTED_BUCKET_OWNER: DESTINATION_OWNER,
      S3BULK_EXPECTED_SOURCE_BUCKET_OWNER: SOURCE_OWNER,
    });

    // Act
    const exit = await spawnWorker(bundle, [control, 'm.csv'], env).done;

    // Assess
    expect(exit.code, exit.stderr).toBe(0);
    expect(await emulator.listKeys(dst)).toEqual(keys);
    const touched = proxy.requests.filter((r) => r.bucket === src || r.bucket === dst);
    expect(touched.filter((r) => r.headers['x-amz-copy-source'])).toHaveLength(keys.length);
    const wrong = touched
      .map((r) => ({
        request: `${r.method} ${r.path}`,
        owner: r.headers['x-amz-expected-bucket-owner'],
        expected: r.bucket === src ? SOURCE_OWNER : DESTINATION_OWNER,
        sourceOwner: r.headers['x-amz-copy-source']
          ? r.headers['x-amz-source-expected-bucket-owner']
          : SOURCE_OWNER,
      }))
      .filter((r) => r.owner !== r.expected || r.sourceOwner !== SOURCE_OWNER);
    expect(wrong).toEqual([]);
  });
});
