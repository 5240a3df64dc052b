import { existsSync, watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import {
  requireBuiltCli,
  ledgerLines,
  onlyJobId,
  reportRows,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
  writeText,
  type CliProcess,
  type CliResult,
} from './run-cli.js';

// Issue 7, crash safety through the built CLI: kill -9 early in Active, mid-way, and while the
// report is being written, then --resume; the result must equal an uninterrupted run.
const OBJECTS = 240;

interface Summary {
  jobId: string;
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  reportPath: string;
}

/** SIGKILL `run` once `ready` resolves (or let it end by itself first). */
async function killWhen(run: CliProcess, ready: Promise<void>): Promise<CliResult> {
  await Promise.race([ready, run.done]);
  run.child.kill('SIGKILL');
  return run.done;
}

/** Resolves on the first file event under `dir`: the report being staged. */
function firstWrite(dir: string): { ready: Promise<void>; watcher: FSWatcher } {
  let fired: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (fired = resolve));
  const watcher = watch(dir, { recursive: true }, () => fired());
  return { ready, watcher };
}

describe('s3bulk run: kill -9 at three points, then --resume', () => {
  const emulator = useEmulator();

  it('ends as an uninterrupted run does: same destination, every task reported once', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('crash-src');
    const dst = await emulator.createBucket('crash-dst');
    const reference = await emulator.createBucket('crash-ref');
    const keys = Array.from({ length: OBJECTS }, (_, i) => `k/${String(i).padStart(4, '0')}.bin`);
    await emulator.putObjects(
      src,
      Object.fromEntries(keys.map((k) => [k, `body of ${k} `.repeat(9)])),
    );
    const dir = await tempDir('s3bulk-rel-crash-');
    const jobsDir = join(dir, 'jobs');
    const reportDir = join(dir, 'r');
    await mkdir(reportDir);
    const manifest = await writeText(dir, 'm.csv', keys.map((k) => `${src},${k}\n`).join(''));
    const copyTo = (bucket: string) =>
      JSON.stringify({ S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}` } });
    const env = emulator.processEnv();
    const ledgerAtLeast = (lines: number) =>
      waitFor(async () => {
        const id = await onlyJobId(jobsDir).catch(() => undefined);
        return id !== undefined && (await ledgerLines(join(jobsDir, id))) >= lines;
      }, `${lines} results in the ledger`);

    // Act
    const uninterrupted = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        copyTo(reference),
        '--report',
        join(dir, 'ref'),
        '--job-dir',
        join(dir, 'ref-jobs'),
        '--json',
      ],
      env,
    );
    const first = spawnCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        copyTo(dst),
        '--report',
        reportDir,
        '--job-dir',
        jobsDir,
        '--concurrency',
        '2',
      ],
      env,
    );
    const early = await killWhen(first, ledgerAtLeast(1));
    const jobId = await onlyJobId(jobsDir);
    const second = spawnCli(
      ['run', '--resume', jobId, '--job-dir', jobsDir, '--concurrency', '2'],
      env,
    );
    const midway = await killWhen(second, ledgerAtLeast(OBJECTS / 2));
    const doneAtMidway = await ledgerLines(join(jobsDir, jobId));
    const staging = firstWrite(reportDir);
    const third = spawnCli(['run', '--resume', jobId, '--job-dir', jobsDir], env);
    const completing = await killWhen(third, staging.ready);
    staging.watcher.close();
    const manifestAfterCrash = join(reportDir, `job-${jobId}`, 'manifest.json');
    const reportAfterCrash = existsSync(manifestAfterCrash)
      ? await reportRows(manifestAfterCrash)
      : undefined;
    const last = await runCli(['run', '--resume', jobId, '--job-dir', jobsDir, '--json'], env);

    // Assess
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    expect(early.signal).toBe('SIGKILL');
    expect(midway.signal).toBe('SIGKILL');
    expect(doneAtMidway).toBeLessThan(OBJECTS);
    // Killed while staging the report, or (if it won the race) a clean end: never a torn report.
    expect(completing.signal === 'SIGKILL' || completing.code === 0).toBe(true);
    if (reportAfterCrash) expect(reportAfterCrash).toHaveLength(OBJECTS);
    expect(last.code, last.stderr).toBe(0);
    const summary = JSON.parse(last.stdout) as Summary;
    expect(summary).toMatchObject({
      jobId,
      status: 'Complete',
      total: OBJECTS,
      succeeded: OBJECTS,
      failed: 0,
    });
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.key).sort()).toEqual(keys);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(await emulator.listKeys(dst)).toEqual(await emulator.listKeys(reference));
    for (const key of keys) {
      expect(await emulator.getText(dst, key)).toBe(await emulator.getText(reference, key));
    }
  });

  it('a kill -9 while an S3 report is staged leaves no manifest.json or a complete one; resume writes it', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('crash-s3r-src');
    const dst = await emulator.createBucket('crash-s3r-dst');
    const reports = await emulator.createBucket('crash-s3r-reports');
    const keys = Array.from({ length: 60 }, (_, i) => `o/${String(i).padStart(3, '0')}`);
    await emulator.putObjects(src, Object.fromEntries(keys.map((k) => [k, k])));
    const dir = await tempDir('s3bulk-rel-crash-');
    const jobsDir = join(dir, 'jobs');
    // The report is staged in the OS temporary folder before upload: watch a private one.
    const staging = join(dir, 'tmp');
    await mkdir(staging);
    const manifest = await writeText(dir, 'm.csv', keys.map((k) => `${src},${k}\n`).join(''));
    // The CLI's compile cache would be the first write there otherwise (README, "Requirements").
    const env = {
      ...emulator.processEnv(),
      TMPDIR: staging,
      NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    };
    const operation = JSON.stringify({
      S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` },
    });

    // Act
    const staged = firstWrite(staging);
    const first = spawnCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        operation,
        '--report',
        `s3://${reports}/r`,
        '--job-dir',
        jobsDir,
      ],
      env,
    );
    const killed = await killWhen(first, staged.ready);
    staged.watcher.close();
    const jobId = await onlyJobId(jobsDir);
    const manifestKey = `r/job-${jobId}/manifest.json`;
    const afterCrash = (await emulator.listKeys(reports)).includes(manifestKey)
      ? await reportRows(`s3://${reports}/${manifestKey}`, emulator)
      : undefined;
    const resumed = await runCli(['run', '--resume', jobId, '--job-dir', jobsDir, '--json'], env);

    // Assess
    expect(killed.signal === 'SIGKILL' || killed.code === 0).toBe(true);
    if (afterCrash) expect(afterCrash).toHaveLength(keys.length);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as Summary;
    expect(summary).toMatchObject({
      status: 'Complete',
      total: keys.length,
      succeeded: keys.length,
    });
    const rows = await reportRows(summary.reportPath, emulator);
    expect(rows.map((r) => r.key).sort()).toEqual(keys);
    expect(await emulator.listKeys(dst)).toEqual(keys);
  });
});
