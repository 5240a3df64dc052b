import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { jobSummary, jobsIn, seedBucket, tagWith } from './cli-job.js';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

describe('s3bulk run --generate', () => {
  const emulator = useEmulator();

  it('lists the bucket with filters, writes the manifest it ran from, and runs only the matches', async () => {
    requireBuiltCli();
    // Prepare
    const out = await seedBucket(emulator, 'gen-out');
    const bucket = await seedBucket(emulator, 'gen-run', {
      'logs/a.log': 'x'.repeat(100),
      'logs/b.log': 'x'.repeat(10),
      'logs/c.txt': 'x'.repeat(100),
      'logs/d.log': 'x'.repeat(200),
      'other/e.log': 'x'.repeat(100),
    });
    const dir = await tempDir();
    const tagging = tagWith('matched', 'yes');

    // Act
    const result = await runCli(
      [
        'run',
        '--generate',
        `s3://${bucket}/logs/`,
        '--key-suffix',
        '.log',
        '--min-size',
        '50',
        '--manifest-output',
        `s3://${out}/generated`,
        '--operation',
        tagging,
        '--job-dir',
        jobsIn(dir),
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(jobSummary(result)).toMatchObject({ status: 'Complete', total: 2, succeeded: 2 });
    const tagged = async (key: string) =>
      (await emulator.s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ??
      [];
    expect(await tagged('logs/a.log')).toEqual([{ Key: 'matched', Value: 'yes' }]);
    expect(await tagged('logs/d.log')).toEqual([{ Key: 'matched', Value: 'yes' }]);
    for (const key of ['logs/b.log', 'logs/c.txt', 'other/e.log'])
      expect(await tagged(key)).toEqual([]);
    const written = await emulator.listKeys(out, 'generated/');
    expect(written).toContain('generated/manifest.json');
    expect(written.some((k) => k.endsWith('.csv.gz'))).toBe(true);
  });
});
