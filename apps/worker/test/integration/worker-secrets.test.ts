import { GetObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator, type TestEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, spawnWorker } from '../worker-process.js';

// Issue 7, security, for the AWS Batch worker: with credentials set to marker values, nothing it
// logs or writes to S3 (checkpoints, plan, report) holds them or a request signature.
const MARKERS = {
  AWS_ACCESS_KEY_ID: 'AKIAS3BULKWORKERMARK1',
  AWS_SECRET_ACCESS_KEY: 's3bulkWorkerMarkerSecretDoNotPrint000001',
  AWS_SESSION_TOKEN: 's3bulkWorkerMarkerTokenDoNotPrint0000001',
};
const FORBIDDEN = [
  ...Object.values(MARKERS),
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

function leaks(text: string): string[] {
  return FORBIDDEN.filter((secret) => text.toLowerCase().includes(secret.toLowerCase()));
}

/** The text of every object of a bucket. */
async function bucketText(emulator: TestEmulator, bucket: string): Promise<string> {
  const texts = await Promise.all(
    (await emulator.listKeys(bucket)).map(async (key) => {
      const res = await emulator.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return `${key}\n${(await res.Body?.transformToString()) ?? ''}`;
    }),
  );
  return texts.join('\n');
}

const emulator = useEmulator();
let bundle: string;

beforeAll(() => {
  bundle = bundleWorker();
});

describe('worker: no credentials, tokens or signatures in any output', { timeout: 120_000 }, () => {
  it('logs, checkpoints and report of a run with a failed task hold none', async () => {
    // Prepare: a pairs manifest with a prefix row, an object row and a missing object.
    const input = await emulator.createBucket('secrets-input');
    const src = await emulator.createBucket('secrets-src');
    const dst = await emulator.createBucket('secrets-dst');
    const work = await emulator.createBucket('secrets-work');
    await emulator.putObjects(src, { 'tree/a.txt': 'a', 'tree/b.txt': 'b', 'one.txt': '1' });
    const rows = [
      `s3://${src}/tree/,s3://${dst}/tree/`,
      `s3://${src}/one.txt,s3://${dst}/one.txt`,
      `s3://${src}/missing.txt,s3://${dst}/missing.txt`,
    ];
    await emulator.putObjects(input, { 'input/s3_batch_sync_input-s.csv': `${rows.join('\n')}\n` });

    // Act
    const exit = await spawnWorker(
      bundle,
      [input, 'input/s3_batch_sync_input-s.csv', 'False', 'True'],
      emulator.processEnv({
        ...MARKERS,
        S3BULK_JOB_ID: 'secrets',
        S3BULK_CHECKPOINT: `s3://${work}/checkpoints`,
        S3BULK_REPORT: `s3://${work}/reports`,
      }),
    ).done;

    // Assess: the run did its work (so there was output to scan), and none of it leaks.
    expect(await emulator.listKeys(dst)).toEqual(['one.txt', 'tree/a.txt', 'tree/b.txt']);
    expect(exit.logs.length).toBeGreaterThan(0);
    const written = await bucketText(emulator, work);
    expect(written).toContain('missing.txt');
    expect(leaks(JSON.stringify(exit.logs) + exit.stderr)).toEqual([]);
    expect(leaks(written)).toEqual([]);
  });
});
