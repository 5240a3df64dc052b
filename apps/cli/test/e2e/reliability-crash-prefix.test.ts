import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ledgerLines,
  onlyJobId,
  reportRows,
  requireBuiltCli,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
  writeText,
} from './run-cli.js';

// Crash safety of a prefix sync: kill -9 while copies and deletes are done on S3 but not yet in
// the ledger, then --resume. A fresh listing would see that work as done and never report it;
// the resume must replay the plan the first run persisted and end as an uninterrupted run does.
const SOURCE = 300;

interface Summary {
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  reportPath: string;
}

let proxy: RecordingProxy | undefined;
afterEach(async () => {
  proxy?.resume();
  await proxy?.stop();
  proxy = undefined;
});

/** A request that is one sync task's work: a CopyObject or a DeleteObjects. */
function isTaskRequest(request: { method: string; path: string; headers: object }): boolean {
  return (
    (request.method === 'PUT' && 'x-amz-copy-source' in request.headers) ||
    (request.method === 'POST' && /[?&]delete(=|&|$)/.test(request.path))
  );
}

describe('s3bulk run: kill -9 in a prefix sync with --sync-delete, then --resume', () => {
  const emulator = useEmulator();

  it('reports every task the first run planned exactly once, and syncs as an uninterrupted run', async () => {
    requireBuiltCli();
    // Prepare: S3 behind a proxy that can hold answers, so work is surely done but unrecorded.
    proxy = await startRecordingProxy(emulator.processEnv().AWS_ENDPOINT_URL ?? '');
    const held = proxy;
    const src = await emulator.createBucket('crash-pfx-src');
    const dst = await emulator.createBucket('crash-pfx-dst');
    const reference = await emulator.createBucket('crash-pfx-ref');
    const names = Array.from({ length: SOURCE }, (_, i) => `k${String(i).padStart(4, '0')}.bin`);
    await emulator.putObjects(
      src,
      Object.fromEntries(names.map((n) => [`data/${n}`, `body of ${n} `.repeat(4)])),
    );
    // At both destinations: every fifth object with another size (copied), every tenth one
    // after it the same and newer (left alone), and extras between them (deleted).
    const resized = names.filter((_, i) => i % 5 === 0);
    const upToDate = names.filter((_, i) => i % 10 === 1);
    const extras = names.filter((_, i) => i % 7 === 0).map((n) => n.replace('.bin', '-x.bin'));
    const before = {
      ...Object.fromEntries(resized.map((n) => [`backup/${n}`, 'old'])),
      ...Object.fromEntries(upToDate.map((n) => [`backup/${n}`, `body of ${n} `.repeat(4)])),
      ...Object.fromEntries(extras.map((n) => [`backup/${n}`, 'extra'])),
    };
    await emulator.putObjects(dst, before);
    await emulator.putObjects(reference, before);
    const tasks = SOURCE - upToDate.length + extras.length;
    const dir = await tempDir('s3bulk-rel-crash-prefix-');
    const jobsDir = join(dir, 'crash-jobs');
    const pairs = (bucket: string) =>
      writeText(dir, `${bucket}.csv`, `s3://${src}/data/,s3://${bucket}/backup/\n`);
    const run = (manifest: string, name: string) => [
      'run',
      '--manifest',
      manifest,
      '--sync-delete',
      '--report',
      join(dir, `${name}-report`),
      '--job-dir',
      join(dir, `${name}-jobs`),
    ];
    const env = emulator.processEnv();
    const viaProxy = emulator.processEnv({ AWS_ENDPOINT_URL: held.url });

    // Act
    const uninterrupted = await runCli([...run(await pairs(reference), 'ref'), '--json'], env);
    const first = spawnCli([...run(await pairs(dst), 'crash'), '--concurrency', '2'], viaProxy);
    const ledgerHolds = async (lines: number) => {
      const id = await onlyJobId(jobsDir).catch(() => undefined);
      return id !== undefined && (await ledgerLines(join(jobsDir, id))) >= lines;
    };
    await waitFor(() => ledgerHolds(1), 'a first result in the ledger');
    held.holdAnswers();
    await waitFor(
      async () => held.heldAnswers.some(isTaskRequest),
      'a copy or delete done on S3 whose answer is held',
    );
    first.child.kill('SIGKILL');
    const killed = await first.done;
    const inFlight = held.heldAnswers.filter(isTaskRequest);
    held.resume();
    const jobId = await onlyJobId(jobsDir);
    const ledgerAfterCrash = (await readFile(join(jobsDir, jobId, 'results.jsonl'), 'utf8'))
      .split('\n')
      .filter((line) => line.endsWith('}'))
      .map((line) => (JSON.parse(line) as { i: string }).i);
    const planned = await runCli(['plan', '--resume', jobId, '--job-dir', jobsDir, '--json'], env);
    const ledgerAfterPlan = await ledgerLines(join(jobsDir, jobId));
    const resumed = await runCli(
      ['run', '--resume', jobId, '--job-dir', jobsDir, '--concurrency', '2', '--json'],
      env,
    );

    // Assess
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0);
    const expected = JSON.parse(uninterrupted.stdout) as Summary;
    expect(expected).toMatchObject({ status: 'Complete', total: tasks, succeeded: tasks });
    expect(killed.signal).toBe('SIGKILL');
    // The window the bug lived in was hit: work done on S3 that the ledger does not hold.
    expect(inFlight.length).toBeGreaterThan(0);
    expect(ledgerAfterCrash.length).toBeLessThan(tasks);
    // `plan --resume` replays the persisted plan too: what is left is every planned task the
    // ledger does not hold, and it writes nothing.
    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(planned.stdout)).toMatchObject({
      total: tasks - ledgerAfterCrash.length,
      alreadyDone: ledgerAfterCrash.length,
    });
    expect(ledgerAfterPlan).toBe(ledgerAfterCrash.length);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout) as Summary;
    expect(summary).toMatchObject({
      status: 'Complete',
      total: tasks,
      succeeded: tasks,
      failed: 0,
    });
    const rows = await reportRows(summary.reportPath);
    const referenceRows = await reportRows(expected.reportPath);
    const row = (r: { key: string; message?: string }, bucket: string) =>
      `${r.key} ${(r.message ?? '').replaceAll(bucket, '<dst>')}`;
    expect(rows).toHaveLength(tasks);
    expect(new Set(rows.map((r) => r.key)).size).toBe(tasks);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(rows.map((r) => row(r, dst)).sort()).toEqual(
      referenceRows.map((r) => row(r, reference)).sort(),
    );
    const keys = await emulator.listKeys(dst);
    expect(keys).toEqual(await emulator.listKeys(reference));
    expect(keys).toEqual(names.map((n) => `backup/${n}`));
    for (const key of keys) {
      expect(await emulator.getText(dst, key)).toBe(
        await emulator.getText(src, `data/${key.slice(7)}`),
      );
    }
  });
});
