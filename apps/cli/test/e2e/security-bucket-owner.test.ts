import { join } from 'node:path';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// Issue 7, cross-account safety through the built CLI: moto does not check ExpectedBucketOwner,
// so a loopback proxy in front of it records the headers of every S3 request the job sends.
const DESTINATION_OWNER = '111111111111';
const SOURCE_OWNER = '222222222222';

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.stop();
});

describe('security: --expected-bucket-owner and --expected-source-bucket-owner', () => {
  const emulator = useEmulator();

  it('reach every S3 request of a sync with deletes and an S3 report, each side with its owner', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('owner-src');
    const dst = await emulator.createBucket('owner-dst');
    await emulator.putObjects(src, { 'p/a.txt': 'a', 'p/b.txt': 'b', 'one.txt': '1' });
    await emulator.putObjects(dst, { 'q/stale.txt': 'old' });
    const dir = await tempDir('s3bulk-owner-');
    const manifest = await writeText(
      dir,
      'pairs.csv',
      `s3://${src}/p/,s3://${dst}/q/\ns3://${src}/one.txt,s3://${dst}/one.txt\n`,
    );
    proxy = await startRecordingProxy(emulator.processEnv().AWS_ENDPOINT_URL ?? '');
    const recorder = proxy;

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--format',
        'pairs',
        '--sync-delete',
        '--report',
        `s3://${dst}/reports`,
        '--job-dir',
        join(dir, 'jobs'),
        '--endpoint-url',
        recorder.url,
        '--expected-bucket-owner',
        DESTINATION_OWNER,
        '--expected-source-bucket-owner',
        SOURCE_OWNER,
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(await emulator.listKeys(dst)).toEqual(
      expect.arrayContaining(['one.txt', 'q/a.txt', 'q/b.txt']),
    );
    expect(await emulator.listKeys(dst)).not.toContain('q/stale.txt');
    const requests = recorder.requests.map(({ method, path, headers, bucket }) => {
      return {
        request: `${method} ${path}`,
        owner: headers['x-amz-expected-bucket-owner'],
        sourceOwner: headers['x-amz-copy-source']
          ? headers['x-amz-source-expected-bucket-owner']
          : 'n/a',
        expected: bucket === src ? SOURCE_OWNER : DESTINATION_OWNER,
      };
    });
    const methods = new Set(recorder.requests.map((s) => s.method));
    expect([...methods]).toEqual(expect.arrayContaining(['GET', 'PUT', 'POST']));
    expect(requests.filter((r) => r.sourceOwner !== 'n/a').length).toBeGreaterThan(0);
    const wrong = requests.filter(
      (r) => r.owner !== r.expected || (r.sourceOwner !== 'n/a' && r.sourceOwner !== SOURCE_OWNER),
    );
    expect(wrong).toEqual([]);
  });
});
