import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readCompletionReport, type ReportRecord } from '@s3bulk/core';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrayEnv, bundleWorker, spawnWorker } from '../worker-process.js';

const emulator = useEmulator();
let bundle: string;

beforeAll(() => {
  bundle = bundleWorker();
});

describe('worker: array job over an S3 Inventory', { timeout: 180_000 }, () => {
  it('deals the data files out between children, each file read by one', async () => {
    // Prepare: 5 gzipped data files of different sizes
    const bucket = await emulator.createBucket('inventory');
    const files = [12, 3, 7, 1, 9].map((count, f) =>
      Array.from({ length: count }, (_, i) => `obj/f${f}-${i}.txt`),
    );
    const keys = files.flat();
    await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, k])));
    const entries = [];
    for (const [f, fileKeys] of files.entries()) {
      const body = gzipSync(
        fileKeys.map((k) => `"${bucket}","${encodeURIComponent(k)}"`).join('\n') + '\n',
      );
      const key = `inv/data/file-${f}.csv.gz`;
      await emulator.putObjects(bucket, { [key]: body });
      entries.push({
        key,
        size: body.length,
        MD5checksum: createHash('md5').update(body).digest('hex'),
      });
    }
    const manifest = {
      sourceBucket: bucket,
      destinationBucket: `arn:aws:s3:::${bucket}`,
      version: '2016-11-30',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key',
      files: entries,
    };
    await emulator.putObjects(bucket, { 'inv/manifest.json': JSON.stringify(manifest) });

    // Act
    const exits = await Promise.all(
      [0, 1, 2].map(
        (i) =>
          spawnWorker(
            bundle,
            [bucket, 'inv/manifest.json'],
            emulator.processEnv(
              arrayEnv(i, 3, {
                S3BULK_JOB_ID: 'inventory-array',
                S3BULK_MANIFEST_FORMAT: 'inventory',
                S3BULK_OPERATION: JSON.stringify({
                  S3PutObjectCopy: {
                    TargetResource: `arn:aws:s3:::${bucket}`,
                    TargetKeyPrefix: 'copy',
                  },
                }),
                S3BULK_REPORT: `s3://${bucket}/reports/`,
              }),
            ),
          ).done,
      ),
    );

    // Assess
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.stderr).join('\n'),
    ).toEqual([0, 0, 0]);
    const shares = exits
      .flatMap((e) => e.logs.filter((l) => l.message === 'shard planned'))
      .map((l) => (l.share as { inventoryFiles: number[] }).inventoryFiles);
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3, 4]);
    expect(shares.every((s) => s.length > 0)).toBe(true);

    expect(await emulator.listKeys(bucket, 'copy/')).toEqual(keys.map((k) => `copy/${k}`).sort());
    const report = await readCompletionReport(
      `s3://${bucket}/reports/job-inventory-array/manifest.json`,
      {
        s3: emulator.s3,
      },
    );
    const rows: ReportRecord[] = [];
    for await (const row of report.rows()) rows.push(row);
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
  });
});
