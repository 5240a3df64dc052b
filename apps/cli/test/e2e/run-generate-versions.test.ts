import { join } from 'node:path';
import {
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli, tempDir } from './run-cli.js';

describe('s3bulk run --generate --all-versions', () => {
  const emulator = useEmulator();

  it('empties a versioned prefix: every version and delete marker, the rest untouched', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await emulator.createBucket('gen-versions');
    await emulator.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await emulator.putObjects(bucket, { 'tmp/a.txt': 'one', 'tmp/b.txt': 'b', 'keep/c.txt': 'c' });
    await emulator.putObjects(bucket, { 'tmp/a.txt': 'two' });
    await emulator.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'tmp/b.txt' }));
    const dir = await tempDir();

    // Act
    const result = await runCli(
      [
        'run',
        '--generate',
        `s3://${bucket}/tmp/`,
        '--all-versions',
        '--operation',
        '{"S3BulkDelete":{}}',
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { total: number; reportPath: string };
    expect(summary.total).toBe(4);
    const rows = await reportRows(summary.reportPath);
    expect(rows.every((r) => r.versionId && r.message === `deleted version ${r.versionId}`)).toBe(
      true,
    );
    const left = await emulator.s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(left.Versions?.map((v) => v.Key)).toEqual(['keep/c.txt']);
    expect(left.DeleteMarkers ?? []).toEqual([]);
  }, 60_000);
});
