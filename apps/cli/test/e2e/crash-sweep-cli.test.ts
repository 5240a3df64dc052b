import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { onlyJobId, reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// The crash-point sweep through the built CLI (the core sweep covers every point in-process;
// see packages/core/test/integration/crash-sweep/): `s3bulk run` killed (SIGKILL, by the
// test-only S3BULK_TEST_CRASH_AT switch) at a persistence step once its job folder holds a
// spec, then `s3bulk run --resume`, compared with an uninterrupted run of the same job.
const ARMS = [
  'local.spec.written',
  'local.plan.append.after',
  // The first append: a 7-task job may commit every result in one batch on a fast machine.
  'local.ledger.append.after',
  'report.local.results.renamed',
];

interface Summary {
  readonly status: string;
  readonly reportPath: string;
}

describe('s3bulk run: SIGKILL at named persistence steps, then --resume', () => {
  const emulator = useEmulator();

  /** A pairs job (prefix sync with --sync-delete, an object row, a missing one) on new buckets. */
  async function prepare() {
    const src = await emulator.createBucket('cli-sweep-src');
    const dst = await emulator.createBucket('cli-sweep-dst');
    await emulator.putObjects(src, {
      'data/a.txt': 'a',
      'data/b.txt': 'b',
      'data/deep/c.txt': 'c',
      'data/d.txt': 'd',
      'single/file.bin': 'one',
    });
    await emulator.putObjects(dst, { 'backup/a.txt': 'stale', 'backup/x.txt': 'extra' });
    const dir = await tempDir('s3bulk-cli-sweep-');
    const manifest = await writeText(
      dir,
      'pairs.csv',
      [
        'source,destination',
        `s3://${src}/data/,s3://${dst}/backup/`,
        `s3://${src}/single/file.bin,s3://${dst}/one.bin`,
        `s3://${src}/single/none.bin,s3://${dst}/none.bin`,
        '',
      ].join('\n'),
    );
    const jobsDir = join(dir, 'jobs');
    const args = ['run', '--manifest', manifest, '--header', '--sync-delete'];
    const tail = ['--report', join(dir, 'reports'), '--job-dir', jobsDir, '--concurrency', '2'];
    return { src, dst, jobsDir, run: [...args, ...tail] };
  }

  /** What a finished run left: the destination's keys and bodies, the report's rows. */
  async function outcome(job: Awaited<ReturnType<typeof prepare>>, summary: Summary) {
    const objects: string[] = [];
    for (const key of await emulator.listKeys(job.dst)) {
      objects.push(`${key}=${await emulator.getText(job.dst, key)}`);
    }
    const rows = (await reportRows(summary.reportPath)).map((r) =>
      [r.bucket === job.src ? 'SRC' : r.bucket === job.dst ? 'DST' : r.bucket, r.key, r.status]
        .concat(r.errorCode ?? '')
        .join('|'),
    );
    return { objects, rows: rows.sort() };
  }

  it.concurrent.each(ARMS)(
    'killed at %s: the resumed job ends as an uninterrupted one',
    async (arm) => {
      requireBuiltCli();
      // Prepare
      const env = emulator.processEnv();
      const reference = await prepare();
      const crashed = await prepare();

      // Act
      const uninterrupted = await runCli([...reference.run, '--json'], env);
      const killed = await runCli(crashed.run, { ...env, S3BULK_TEST_CRASH_AT: arm });
      const jobId = await onlyJobId(crashed.jobsDir);
      const manifestAfterKill = join(crashed.jobsDir, '..', 'reports', `job-${jobId}`);
      const reportAfterKill = existsSync(join(manifestAfterKill, 'manifest.json'))
        ? await reportRows(manifestAfterKill)
        : undefined;
      const resumed = await runCli(
        ['run', '--resume', jobId, '--job-dir', crashed.jobsDir, '--json'],
        env,
      );

      // Assess
      // Exit 3: the job finished, its missing-source row failed (as the reference says).
      expect(uninterrupted.code, uninterrupted.stderr).toBe(3);
      // The point was reached: the CLI died there, not at its end.
      expect(killed.signal, `${arm} not reached: ${killed.stderr}`).toBe('SIGKILL');
      // A report present after the kill is whole (the reader checks every file and MD5).
      expect(reportAfterKill === undefined || reportAfterKill.length > 0).toBe(true);
      expect(resumed.code, resumed.stderr).toBe(3);
      const want = await outcome(reference, JSON.parse(uninterrupted.stdout) as Summary);
      const got = await outcome(crashed, JSON.parse(resumed.stdout) as Summary);
      expect(new Set(got.rows).size).toBe(got.rows.length);
      expect(got).toEqual(want);
    },
    240_000,
  );
});
