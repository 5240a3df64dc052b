import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, deterministicBytes, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { runJob, seedBucket } from './cli-job.js';
import { requireBuiltCli, reportRows, tempDir, writeText } from './run-cli.js';

const MiB = 1024 * 1024;

describe('s3bulk run: pairs manifest with prefix sync', () => {
  const emulator = useEmulator();

  it('syncs prefix rows (with --sync-delete), copies object rows, and reports every task', async () => {
    requireBuiltCli();
    // Prepare
    const awkward = AWKWARD_KEYS.filter((k) => !k.startsWith('long/'));
    const big = deterministicBytes(12 * MiB, 7);
    const src = await seedBucket(emulator, 'pairs-src', {
      'data/a.txt': 'same',
      'data/nested/deep/b.txt': 'changed at the source',
      ...Object.fromEntries(awkward.map((k) => [`data/${k}`, `body of ${k}`])),
      'data/big.bin': big,
      'logs/2026/01/app.log': 'log line',
      'single/file.bin': 'one object',
    });
    // Written after the source: same size and newer, so sync leaves it alone.
    const dst = await seedBucket(emulator, 'pairs-dst', {
      'backup/data/a.txt': 'SAME',
      'backup/data/nested/deep/b.txt': 'old',
      'backup/data/stale.txt': 'gone at the source',
      'untouched/outside.txt': 'not under a synced prefix',
    });
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'pairs.csv',
      [
        'source,destination',
        `s3://${src}/data/,s3://${dst}/backup/data/`,
        `s3://${src}/logs/,s3://${dst}/logs-copy/`,
        `s3://${src}/single/file.bin,s3://${dst}/elsewhere/renamed.bin`,
        '',
      ].join('\n'),
    );

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      dir,
      report: join(dir, 'reports'),
      json: false,
      flags: [
        '--header',
        '--sync-delete',
        '--multipart-threshold',
        '8MiB',
        '--part-size',
        '5MiB',
        '--concurrency',
        '8',
      ],
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Complete\. \d+ tasks, \d+ succeeded, 0 failed/);
    const expected = [
      'backup/data/a.txt',
      'backup/data/big.bin',
      'backup/data/nested/deep/b.txt',
      ...awkward.map((k) => `backup/data/${k}`),
      'elsewhere/renamed.bin',
      'logs-copy/2026/01/app.log',
      'untouched/outside.txt',
    ].sort();
    expect(await emulator.listKeys(dst)).toEqual(expected);
    expect(await emulator.getText(dst, 'backup/data/a.txt')).toBe('SAME');
    expect(await emulator.getText(dst, 'backup/data/nested/deep/b.txt')).toBe(
      'changed at the source',
    );
    expect(await emulator.getText(dst, 'elsewhere/renamed.bin')).toBe('one object');
    for (const key of awkward) {
      expect(await emulator.getText(dst, `backup/data/${key}`)).toBe(`body of ${key}`);
    }
    const copied = await emulator.s3.send(
      new GetObjectCommand({ Bucket: dst, Key: 'backup/data/big.bin' }),
    );
    expect(Buffer.from(await copied.Body!.transformToByteArray()).equals(Buffer.from(big))).toBe(
      true,
    );
    // A multipart copy's ETag ends in -<parts>.
    const head = await emulator.s3.send(
      new HeadObjectCommand({ Bucket: dst, Key: 'backup/data/big.bin' }),
    );
    expect(head.ETag).toMatch(/-\d+"$/);

    const reportPath = /Report: (.+)$/m.exec(result.stdout)?.[1];
    expect(reportPath).toBeDefined();
    const rows = await reportRows(reportPath!);
    // One row per task: every changed or missing object copied, the stale one deleted.
    expect(rows).toHaveLength(awkward.length + 5);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(rows.map((r) => r.key)).toContain('backup/data/stale.txt');
    expect(rows.map((r) => r.key)).not.toContain('data/a.txt');
  });
});
