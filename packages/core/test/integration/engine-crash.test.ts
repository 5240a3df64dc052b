import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { TaskResult } from '../../src/engine/types.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import {
  collect,
  contextFor,
  markerOperation,
  objectManifest,
  testSettings,
  testSpec,
} from './engine-fixtures.js';

const emulator = useEmulator();
const root = resolve(import.meta.dirname, '../../../..');
const tsx = join(root, 'node_modules/tsx/dist/esm/index.mjs');
const child = join(import.meta.dirname, 'engine-crash-child.ts');
const TASKS = 240;

/** Lines in the ledger right now (a torn last line counts too: it is what a crash leaves). */
async function ledgerLines(jobDir: string): Promise<number> {
  const path = join(jobDir, 'results.jsonl');
  if (!existsSync(path)) return 0;
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean).length;
}

/** Start the job in a child process and SIGKILL it once the ledger holds `killAt` lines. */
async function runAndKill(
  config: object,
  jobDir: string,
  killAt: number,
): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  const proc = spawn(process.execPath, ['--import', tsx, child], {
    env,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  proc.stdin.end(JSON.stringify(config));
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((done) =>
    proc.on('exit', (code, signal) => done({ code, signal })),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  while (!ended && (await ledgerLines(jobDir)) < killAt) {
    await new Promise((wait) => setTimeout(wait, 10));
  }
  proc.kill('SIGKILL');
  return exited;
}

describe('engine: crash safety', () => {
  it('resumes after kill -9 at three points: no task lost, none reported twice, committed work not redone', async () => {
    // Prepare
    const bucket = await emulator.createBucket('engine-crash');
    const base = await mkdtemp(join(tmpdir(), 's3bulk-crash-'));
    const jobId = createJobId();
    const jobDir = join(base, 'jobs', jobId);
    const reportDir = join(base, 'reports');
    const config = {
      jobId,
      bucket,
      tasks: TASKS,
      jobDir,
      reportDir,
      s3: emulator.clientOptions(),
    };
    const store = new LocalJobStore(jobDir);

    // Act
    const kills: { signal: NodeJS.Signals | null; code: number | null }[] = [];
    for (const killAt of [20, 90, 170]) kills.push(await runAndKill(config, jobDir, killAt));
    const committed: TaskResult[] = await collect(store.readResults());
    const stateAfterCrash = await store.readState();
    const resume = markerOperation(emulator.s3, bucket);
    const summary = await runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' }),
      operation: resume,
      manifest: objectManifest(bucket, TASKS),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 4 }),
    });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

    // Assess
    // A child that failed is a failure; one that finished before its kill point only says the
    // machine was too slow to time the kill.
    expect(kills.filter((exit) => exit.signal !== 'SIGKILL' && exit.code !== 0)).toEqual([]);
    if (kills.some((exit) => exit.signal !== 'SIGKILL')) {
      console.log(
        'skipped: a child finished before it could be killed (machine too slow to time it)',
      );
      return;
    }
    expect(stateAfterCrash?.status).toBe('Active');
    expect(committed.length).toBeGreaterThanOrEqual(170 - 5);
    expect(new Set(committed.map((r) => r.taskId)).size).toBe(committed.length);
    for (const result of committed) expect(resume.calls.has(result.taskId)).toBe(false);
    expect(summary).toMatchObject({
      status: 'Complete',
      total: TASKS,
      succeeded: TASKS,
      failed: 0,
    });
    expect(rows).toHaveLength(TASKS);
    expect(new Set(rows.map((r) => r.key)).size).toBe(TASKS);
    expect(await emulator.listKeys(bucket, 'done/')).toHaveLength(TASKS);
  }, 120_000);
});
