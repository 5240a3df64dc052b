import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  copyTo,
  csvManifest,
  jobSummary,
  jobsIn,
  numberedKeys,
  seedBucket,
  spawnJob,
} from './cli-job.js';
import {
  requireBuiltCli,
  ledgerLines,
  onlyJobId,
  reportRows,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
} from './run-cli.js';

const OBJECTS = 120;

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  proxy?.resume();
  await proxy?.stop();
  proxy = undefined;
});

async function lockPid(lock: string): Promise<number | undefined> {
  if (!existsSync(lock)) return undefined;
  const text = await readFile(lock, 'utf8');
  try {
    return (JSON.parse(text) as { pid: number }).pid;
  } catch {
    return undefined; // being written
  }
}

describe('s3bulk run --resume: one process per job folder', () => {
  const emulator = useEmulator();

  it('refuses a second resume while the first runs (exit 2), and takes over the lock kill -9 left', async () => {
    requireBuiltCli();
    // Prepare: S3 behind a proxy that can hold requests, so the first resume is surely running.
    proxy = await startRecordingProxy(emulator.processEnv().AWS_ENDPOINT_URL ?? '');
    const env = emulator.processEnv({ AWS_ENDPOINT_URL: proxy.url });
    const keys = numberedKeys(OBJECTS, 'l/');
    const src = await seedBucket(emulator, 'lock-src', keys);
    const dst = await seedBucket(emulator, 'lock-dst');
    const dir = await tempDir();
    const jobsDir = jobsIn(dir);
    const manifest = await csvManifest(dir, src, keys);
    const started = spawnJob(env, {
      manifest,
      operation: copyTo(dst),
      dir,
      json: false,
      flags: ['--concurrency', '2'],
    });
    await waitFor(async () => {
      const id = await onlyJobId(jobsDir).catch(() => undefined);
      return id !== undefined && (await ledgerLines(join(jobsDir, id))) >= 10;
    }, 'the first results in the ledger');
    started.child.kill('SIGKILL');
    const killed = await started.done;
    const jobId = await onlyJobId(jobsDir);
    const folder = join(jobsDir, jobId);
    const lock = join(folder, 'lock');
    const staleOwner = await lockPid(lock);
    const resumeArgs = ['run', '--resume', jobId, '--job-dir', jobsDir];

    // Act: the first resume takes over the stale lock and is held mid-task by the proxy.
    proxy.pause();
    const first = spawnCli([...resumeArgs, '--concurrency', '2', '--json'], env);
    await waitFor(
      async () => (await lockPid(lock)) === first.child.pid && proxy!.held > 0,
      'the first resume to hold the lock and send requests',
    );
    const ledgerBefore = await ledgerLines(folder);
    const second = await runCli(resumeArgs, env);
    const ledgerAfterRefusal = await ledgerLines(folder);
    const ownerAfterRefusal = await lockPid(lock);
    proxy.resume();
    const finished = await first.done;

    // Assess
    expect(killed.signal).toBe('SIGKILL');
    expect(staleOwner).toBe(started.child.pid);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by process ${first.child.pid} on this host`);
    expect(second.stderr).toContain(lock);
    expect(ledgerAfterRefusal).toBe(ledgerBefore);
    expect(ownerAfterRefusal).toBe(first.child.pid);
    expect(finished.code, finished.stderr).toBe(0);
    const summary = jobSummary(finished);
    expect(summary).toMatchObject({ status: 'Complete', total: OBJECTS });
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.key).sort()).toEqual(keys);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(await emulator.listKeys(dst)).toEqual(keys);
    expect(existsSync(lock)).toBe(false);
  });
});
