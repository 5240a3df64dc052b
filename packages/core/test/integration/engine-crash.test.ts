import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
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
const KILL_AFTER_APPENDS = [4, 14, 16];

/** Run the job in a child process that SIGKILLs itself after its `appends`-th ledger append. */
async function runAndKill(
  config: object,
  appends: number,
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const env = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    S3BULK_TEST_CRASH_AT: `local.ledger.append.after:${appends}`,
  };
  const proc = spawn(process.execPath, ['--import', tsx, child], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdin.end(JSON.stringify(config));
  return new Promise((done) => proc.on('close', (code, signal) => done({ code, signal, stderr })));
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
    const kills: Awaited<ReturnType<typeof runAndKill>>[] = [];
    // Each run is killed after its n-th ledger append (each of at least one line): about 20,
    // 90 and 170 of the 240 results are in the ledger at the three kills.
    for (const appends of KILL_AFTER_APPENDS) kills.push(await runAndKill(config, appends));
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
    // Every child died at its crash point: none finished first, none failed.
    for (const exit of kills) expect(exit.signal, exit.stderr).toBe('SIGKILL');
    expect(stateAfterCrash?.status).toBe('Active');
    expect(committed.length).toBeGreaterThanOrEqual(KILL_AFTER_APPENDS.reduce((a, b) => a + b));
    expect(committed.length).toBeLessThan(TASKS);
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
