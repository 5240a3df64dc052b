import { join } from 'node:path';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { generateManifest, writeInventoryManifest } from '@s3bulk/core';
import { AWKWARD_KEYS, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

describe('s3bulk run: S3 Inventory manifest', () => {
  const emulator = useEmulator();

  it('guesses the format from manifest.json and runs every listed object', async () => {
    requireBuiltCli();
    // Prepare: an inventory (manifest.json + gzipped CSV with MD5) of a bucket with awkward keys.
    const bucket = await emulator.createBucket('inventory-run');
    await emulator.putObjects(bucket, Object.fromEntries(AWKWARD_KEYS.map((k) => [k, k])));
    const dir = await tempDir();
    const inventory = await writeInventoryManifest(
      generateManifest({ format: 'generate', bucket }, { s3: emulator.s3 }),
      { output: join(dir, 'inventory'), sourceBucket: bucket },
    );
    const tagging = JSON.stringify({
      S3PutObjectTagging: { TagSet: [{ Key: 'inv', Value: '1' }] },
    });

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        inventory.manifestLocation,
        '--operation',
        tagging,
        '--job-dir',
        join(dir, 'jobs'),
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/as inventory/);
    expect(result.stdout).toMatch(`${AWKWARD_KEYS.length} tasks, ${AWKWARD_KEYS.length} succeeded`);
    for (const key of AWKWARD_KEYS) {
      const tags = await emulator.s3.send(
        new GetObjectTaggingCommand({ Bucket: bucket, Key: key }),
      );
      expect(tags.TagSet).toEqual([{ Key: 'inv', Value: '1' }]);
    }
  });
});
