import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

describe('s3bulk run: --compare checksum on a prefix sync', () => {
  const emulator = useEmulator();

  it('copies a same-size, older-at-the-source edit that size-and-time leaves alone', async () => {
    requireBuiltCli();
    // Prepare: the destination's edit is written after the source, same size.
    const src = await emulator.createBucket('compare-src');
    const dst = await emulator.createBucket('compare-dst');
    await emulator.putObjects(src, { 'p/same.txt': 'identical', 'p/edited.txt': 'original' });
    await emulator.putObjects(dst, { 'q/same.txt': 'identical', 'q/edited.txt': 'ORIGINAL' });
    const dir = await tempDir();
    const manifest = await writeText(dir, 'pairs.csv', `s3://${src}/p/,s3://${dst}/q/\n`);
    const run = (extra: string[]) =>
      runCli(
        ['run', '--manifest', manifest, '--job-dir', join(dir, 'jobs'), '--json', ...extra],
        emulator.processEnv(),
      );

    // Act
    const byTime = await run([]);
    const byChecksum = await run(['--compare', 'checksum', '--report', join(dir, 'r')]);

    // Assess
    expect(byTime.code, byTime.stderr).toBe(0);
    expect(JSON.parse(byTime.stdout)).toMatchObject({ total: 0 });
    expect(byChecksum.code, byChecksum.stderr).toBe(0);
    const result = JSON.parse(byChecksum.stdout) as { total: number; reportPath: string };
    expect(result.total).toBe(1);
    const rows = await reportRows(result.reportPath);
    expect(rows.map((r) => [r.key, r.message.endsWith('; checksum differs')])).toEqual([
      ['p/edited.txt', true],
    ]);
    const copy = await emulator.s3.send(new GetObjectCommand({ Bucket: dst, Key: 'q/edited.txt' }));
    expect(await copy.Body?.transformToString()).toBe('original');
  }, 90_000);
});
