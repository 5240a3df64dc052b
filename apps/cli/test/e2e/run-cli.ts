import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCompletionReport, type ReportRecord } from '@s3bulk/core';
import type { EmulatorInfo, TestEmulator } from '@s3bulk/testing';

// What the emulator globalSetup provides (declared in packages/testing/src/global-setup.ts, which
// this project's typecheck does not include).
declare module 'vitest' {
  export interface ProvidedContext {
    s3bulkEmulator: EmulatorInfo;
  }
}

/** The built CLI (`npx nx run cli:build`): e2e tests run exactly what users run. */
export const CLI_BIN = resolve(import.meta.dirname, '../../bin/run.js');

export function cliBuilt(): boolean {
  return existsSync(resolve(import.meta.dirname, '../../dist/commands/run.cjs'));
}

/**
 * End-to-end tests run the built CLI: without a build they fail saying so, rather than passing
 * without having run (`npm test` builds it first).
 */
export function requireBuiltCli(): void {
  if (!cliBuilt()) {
    throw new Error('the CLI is not built: run `npx nx run cli:build` first (npm test does it)');
  }
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running CLI whose output is collected as it comes. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
  stdout(): string;
  stderr(): string;
}

export function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): CliProcess {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolveDone, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolveDone({ code, signal, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Run `s3bulk <args>` to its end. */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<CliResult> {
  return spawnCli(args, env, cwd).done;
}

export async function tempDir(prefix = 's3bulk-e2e-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function writeText(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The one job folder under a `--job-dir` (tests give every job its own). */
export async function onlyJobId(jobsDir: string): Promise<string> {
  const ids = existsSync(jobsDir) ? await readdir(jobsDir) : [];
  if (ids.length !== 1) throw new Error(`expected one job in ${jobsDir}, found ${ids.join(', ')}`);
  return ids[0]!;
}

/** Lines committed to a job's ledger so far (0 before the file exists). */
export async function ledgerLines(jobFolder: string): Promise<number> {
  const path = join(jobFolder, 'results.jsonl');
  if (!existsSync(path)) return 0;
  return (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '').length;
}

/** Every row of a completion report (local folder or s3://), read back with core's reader. */
export async function reportRows(
  reportPath: string,
  emulator?: TestEmulator,
): Promise<ReportRecord[]> {
  const report = await readCompletionReport(reportPath, emulator ? { s3: emulator.s3 } : {});
  const rows: ReportRecord[] = [];
  for await (const row of report.rows()) rows.push(row);
  return rows;
}

/** Poll until `check` holds (no elapsed-time assertions: only a generous give-up). */
export async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}
