import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorInfo } from '@s3bulk/testing';

// What the emulator globalSetup provides (declared in packages/testing/src/global-setup.ts, which
// this project's typecheck does not include).
declare module 'vitest' {
  export interface ProvidedContext {
    s3bulkEmulator: EmulatorInfo;
  }
}

const BUNDLE_SCRIPT = join(import.meta.dirname, '..', 'scripts', 'bundle.mjs');

/** Bundle the worker as the image does, into a folder of this test file's own. */
export function bundleWorker(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 's3bulk-worker-')), 'main.mjs');
  const result = spawnSync(process.execPath, [BUNDLE_SCRIPT, outfile], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling the worker failed:\n${result.stderr}`);
  return outfile;
}

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** JSON log lines the worker printed (stdout and stderr). */
  readonly logs: Record<string, unknown>[];
  readonly stderr: string;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly done: Promise<WorkerExit>;
}

/** Run the bundle as a plain Node process, as the container's entrypoint does. */
export function spawnWorker(
  bundle: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): WorkerProcess {
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<WorkerExit>((resolve) => {
    child.on('close', (code, signal) => {
      // Powertools writes WARN and ERROR to stderr, the rest to stdout.
      const logs = `${stdout}\n${stderr}`
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, signal, logs, stderr });
    });
  });
  return { child, done };
}

/** Array-job environment of child `index` of `count`. */
export function arrayEnv(index: number, count: number, extra: Record<string, string> = {}) {
  return {
    AWS_BATCH_JOB_ARRAY_INDEX: String(index),
    AWS_BATCH_JOB_ARRAY_SIZE: String(count),
    ...extra,
  };
}
