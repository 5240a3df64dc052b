import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// Issue 7, security: job folders and local reports are readable by their user only, whatever
// the umask (the test's is the usual 022, which would leave them world-readable).

/** Every folder and file under `dir` (and `dir` itself) whose mode lets group or others in. */
async function notPrivate(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = [dir, ...entries.map((e) => join(e.parentPath, e.name))];
  const open: string[] = [];
  for (const path of paths) {
    const mode = (await stat(path)).mode & 0o777;
    if (mode & 0o077) open.push(`${relative(root, path) || '.'} ${mode.toString(8)}`);
  }
  return open;
}

describe('security: user-only permissions through s3bulk run', () => {
  const emulator = useEmulator();

  it('creates the job folder (default and --job-dir), its files, the generated manifest and the local report 0700/0600', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('perm-src');
    const dst = await emulator.createBucket('perm-dst');
    await emulator.putObjects(src, { 'a.txt': 'a', 'b.txt': 'b' });
    const dir = await tempDir('s3bulk-perm-');
    const manifest = await writeText(dir, 'm.csv', `${src},a.txt\n${src},missing.txt\n`);
    const copy = JSON.stringify({ S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` } });
    const env = emulator.processEnv();

    // Act: one job in the default .s3bulk/jobs, one listed by --generate into --job-dir.
    const listed = await runCli(
      ['run', '--manifest', manifest, '--operation', copy, '--report', join(dir, 'reports')],
      env,
      dir,
    );
    const generated = await runCli(
      [
        'run',
        '--generate',
        `s3://${src}`,
        '--operation',
        copy,
        '--job-dir',
        join(dir, 'jobs'),
        '--report',
        join(dir, 'reports'),
        '--json',
      ],
      env,
      dir,
    );

    // Assess
    expect(listed.code, listed.stderr).toBe(3);
    expect(generated.code, generated.stderr).toBe(0);
    const jobFolders = [
      ...(await readdir(join(dir, '.s3bulk', 'jobs'))).map((id) =>
        join(dir, '.s3bulk', 'jobs', id),
      ),
      ...(await readdir(join(dir, 'jobs'))).map((id) => join(dir, 'jobs', id)),
    ];
    expect(jobFolders).toHaveLength(2);
    const reportFolders = (await readdir(join(dir, 'reports'))).map((f) => join(dir, 'reports', f));
    expect(reportFolders).toHaveLength(2);
    const generatedFiles = await readdir(jobFolders[1]!, { recursive: true });
    expect(generatedFiles.some((f) => f.includes('generated-manifest'))).toBe(true);
    for (const folder of [...jobFolders, ...reportFolders]) {
      expect(await notPrivate(dir, folder)).toEqual([]);
    }
  });
});
