import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, reportRows, runCli, tempDir, writeText } from './run-cli.js';

interface VerifyJson {
  readonly status: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly reportPath: string | null;
}

describe('s3bulk verify', () => {
  const emulator = useEmulator();

  it('finds a same-size corrupted copy, from the pairs manifest and from the copy job report', async () => {
    requireBuiltCli();
    // Prepare: copy a prefix and one object, then corrupt one copy without changing its size.
    const src = await emulator.createBucket('verify-src');
    const dst = await emulator.createBucket('verify-dst');
    await emulator.putObjects(src, {
      'data/a.txt': 'alpha alpha',
      'data/b.txt': 'bravo bravo bravo',
      'data/nested/c, with comma.txt': 'charlie',
      'data/crc.bin': { Body: 'stored checksum', ChecksumAlgorithm: 'CRC32' },
      'single.txt': 'one object',
    });
    const dir = await tempDir();
    const jobDir = join(dir, 'jobs');
    const manifest = await writeText(
      dir,
      'pairs.csv',
      [
        'source,destination',
        `s3://${src}/data/,s3://${dst}/copy/`,
        `s3://${src}/single.txt,s3://${dst}/renamed.txt`,
        '',
      ].join('\n'),
    );
    const env = emulator.processEnv();
    const copy = await runCli(
      ['run', '--manifest', manifest, '--header', '--report', join(dir, 'copy'), '--json'],
      env,
    );
    expect(copy.code, copy.stderr).toBe(0);
    const copyReport = (JSON.parse(copy.stdout) as VerifyJson).reportPath!;
    const clean = await runCli(
      ['verify', '--manifest', manifest, '--header', '--job-dir', jobDir, '--json'],
      env,
    );
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ total: 5, succeeded: 5, failed: 0 });
    await emulator.putObjects(dst, { 'copy/b.txt': 'bravo BRAVO bravo' });

    // Act
    const fromManifest = await runCli(
      ['verify', '--manifest', manifest, '--header', '--job-dir', jobDir, '--json'],
      env,
    );
    const fromReport = await runCli(
      ['verify', '--report', copyReport, '--job-dir', jobDir, '--output', join(dir, 'v')],
      env,
    );

    // Assess
    expect(fromManifest.code, fromManifest.stderr).toBe(3);
    const result = JSON.parse(fromManifest.stdout) as VerifyJson;
    expect(result).toMatchObject({ status: 'Complete', total: 5, succeeded: 4, failed: 1 });
    const rows = await reportRows(result.reportPath!);
    const failed = rows.filter((r) => r.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ key: 'data/b.txt', errorCode: 'ChecksumMismatch' }),
    ]);
    expect(failed[0]?.message).toContain(`s3://${dst}/copy/b.txt`);
    expect(rows.find((r) => r.key === 'data/crc.bin')?.message).toMatch(/matches .* checksums/);
    expect(fromReport.code, fromReport.stderr).toBe(3);
    expect(fromReport.stderr).toContain('5 copies listed in the report');
    expect(fromReport.stdout).toMatch(/5 tasks, 4 succeeded, 1 failed/);
    expect(fromReport.stdout).toContain('1 pairs differ');
  }, 120_000);

  it('reports a missing copy and a size difference by their codes', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('verify-src');
    const dst = await emulator.createBucket('verify-dst');
    await emulator.putObjects(src, { 'a.txt': 'aaaa', 'b.txt': 'bbbb' });
    await emulator.putObjects(dst, { 'a.txt': 'aaaaa' });
    const dir = await tempDir();
    const manifest = await writeText(dir, 'objects.csv', `${src},a.txt\n${src},b.txt\n`);

    // Act
    const result = await runCli(
      ['verify', '--manifest', manifest, '--target', `s3://${dst}`, '--job-dir', dir, '--json'],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const rows = await reportRows((JSON.parse(result.stdout) as VerifyJson).reportPath!);
    expect(rows.map((r) => [r.key, r.errorCode]).sort()).toEqual([
      ['a.txt', 'SizeMismatch'],
      ['b.txt', 'DestinationMissing'],
    ]);
  }, 60_000);
});
