import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../src/index.js';

describe('testing: emulator harness', () => {
  const emulator = useEmulator();

  it('serves a real S3 API: buckets, awkward keys, listing', async () => {
    // Prepare
    const bucket = await emulator.createBucket('harness');

    // Act
    await emulator.putObjects(bucket, {
      'a/one.txt': 'one',
      'a/two words+plus.txt': 'two',
      'b/three.txt': 'three',
    });

    // Assess
    await expect(
      emulator.s3.send(new HeadBucketCommand({ Bucket: bucket })),
    ).resolves.toBeDefined();
    expect(await emulator.listKeys(bucket, 'a/')).toEqual(['a/one.txt', 'a/two words+plus.txt']);
    expect(await emulator.getText(bucket, 'a/two words+plus.txt')).toBe('two');
  });

  it('gives every test its own bucket', async () => {
    const [a, b] = await Promise.all([emulator.createBucket('iso'), emulator.createBucket('iso')]);
    expect(a).not.toBe(b);
    expect(await emulator.listKeys(a)).toEqual([]);
  });

  // Only moto has this switch (LocalStack or S3BULK_TEST_ENDPOINT: skipped, said by the runner).
  it.skipIf(emulator.info.kind !== 'moto')(
    'has Batch switched off Docker when it is moto',
    async () => {
      const res = await fetch(`${emulator.info.endpoint}/moto-api/config`);
      const config = (await res.json()) as { batch?: { use_docker?: boolean } };
      expect(config.batch?.use_docker).toBe(false);
    },
  );
});
