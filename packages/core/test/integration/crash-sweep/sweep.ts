// The crash-point sweep's harness: run a sweep job in a child process killed (SIGKILL) at a
// named persistence step or at a seeded random moment, resume it, and hold the result to the
// guarantees: the destination as an uninterrupted run leaves it, one report row per task, and a
// `manifest.json` only ever beside every results file it names, with their MD5s.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TestEmulator } from '@s3bulk/testing';
import { expect } from 'vitest';
import { readCompletionReport } from '../../../src/report/read-report.js';
import type { ReportRecord } from '../../../src/report/types.js';
import { isS3Url, parseS3Url } from '../../../src/s3/url.js';
import { runSweepJob, type SweepJobConfig, type SweepJobOutcome } from './sweep-job.js';
import type { SweepRun } from './workloads.js';

const root = resolve(import.meta.dirname, '../../../../..');
const tsx = join(root, 'node_modules/tsx/dist/esm/index.mjs');
const CHILD = join(import.meta.dirname, 'child.ts');

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

export interface SweepChild {
  /** Resolves once the child has read its job and is about to run it. */
  readonly started: Promise<void>;
  readonly done: Promise<ChildExit>;
  kill(): void;
}

/** Run `job` in a child process; `crashAt` (`<point>[:<count>]`) arms its crash point. */
export function spawnSweepChild(
  emulator: TestEmulator,
  job: SweepJobConfig,
  crashAt?: string,
): SweepChild {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  delete env.S3BULK_TEST_CRASH_AT;
  if (crashAt) env.S3BULK_TEST_CRASH_AT = crashAt;
  const child = spawn(process.execPath, ['--import', tsx, CHILD], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(JSON.stringify({ job, s3: emulator.clientOptions() }));
  let stdout = '';
  let stderr = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((done) => (markStarted = done));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('started\n')) markStarted();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<ChildExit>((settle, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      markStarted();
      settle({ code, signal, stderr });
    });
  });
  return { started, done, kill: () => child.kill('SIGKILL') };
}

/** The job as its next run sees it: an S3 store's next Batch attempt. */
export function nextAttempt(job: SweepJobConfig): SweepJobConfig {
  return job.store.kind === 's3'
    ? { ...job, store: { ...job.store, attempt: job.store.attempt + 1 } }
    : job;
}

/** Resume in this process (the crash points are never armed here). */
export function resumeSweepJob(
  emulator: TestEmulator,
  job: SweepJobConfig,
): Promise<SweepJobOutcome> {
  return runSweepJob(nextAttempt(job), emulator.s3);
}

/**
 * The report as a reader may find it at any moment: no `manifest.json` (undefined), or one whose
 * every results file is there with the MD5 it names (the reader checks both; anything else
 * throws). Returns the rows.
 */
export async function readReportIfPresent(
  manifestJson: string,
  s3: S3Client,
): Promise<ReportRecord[] | undefined> {
  if (!(await exists(manifestJson, s3))) return undefined;
  const report = await readCompletionReport(manifestJson, { s3 });
  const rows: ReportRecord[] = [];
  for await (const row of report.rows()) rows.push(row);
  return rows;
}

async function exists(location: string, s3: S3Client): Promise<boolean> {
  if (!isS3Url(location)) return existsSync(location);
  const { bucket, key } = parseS3Url(location);
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

/** What an uninterrupted run leaves, with bucket names replaced by their roles. */
export interface RunResult {
  readonly objects: Record<string, string>;
  readonly rows: string[];
}

/** The run's destination and report rows, comparable with another run's. */
export async function resultOf(
  emulator: TestEmulator,
  run: SweepRun,
  reportPath: string | undefined,
): Promise<RunResult> {
  expect(reportPath, 'the job wrote its report').toBe(run.manifestJson);
  const rows = await readReportIfPresent(run.manifestJson, emulator.s3);
  const roles = new Map(Object.entries(run.buckets).map(([role, name]) => [name, role]));
  return {
    objects: await run.snapshot(),
    rows: (rows ?? [])
      .map((r) => `${roles.get(r.bucket) ?? r.bucket}|${r.key}|${r.status}|${r.errorCode ?? ''}`)
      .sort(),
  };
}

/**
 * After a kill: the report is absent or whole; the resume completes; destination and report
 * rows are those of the reference run (so each task has exactly one row).
 */
export async function assertResumedLikeReference(
  emulator: TestEmulator,
  run: SweepRun,
  reference: RunResult,
): Promise<void> {
  await readReportIfPresent(run.manifestJson, emulator.s3);
  const resumed = await resumeSweepJob(emulator, run.job);
  expect(resumed.summary.status).toBe('Complete');
  const result = await resultOf(emulator, run, resumed.reportPath);
  expect(new Set(result.rows).size, 'one report row per task').toBe(result.rows.length);
  expect(result.rows).toEqual(reference.rows);
  expect(result.objects).toEqual(reference.objects);
}
