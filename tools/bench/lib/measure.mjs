// Runs one client under `/usr/bin/time` and the simulator in its own process, so the figures
// (wall, user+sys CPU, peak RSS) belong to the client alone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = new URL('../../../', import.meta.url).pathname;
export const TIME_BIN = '/usr/bin/time';

/** Starts tools/bench/simulator.mjs as a child; resolves once it prints its endpoint. */
export async function startSimulatorProcess({
  latencyMs = 20,
  seed = 1,
  buckets = ['src', 'dst'],
  heapMiB,
} = {}) {
  const args = [
    // The simulator keeps every object in its heap (about 450 bytes a seeded key): tens of
    // millions of keys need more than Node's default limit of about 4 GiB.
    ...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []),
    '--import',
    'tsx',
    join(ROOT, 'tools/bench/simulator.mjs'),
    '--latency',
    String(latencyMs),
    '--seed',
    String(seed),
  ];
  for (const bucket of buckets) args.push('--bucket', bucket);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const { endpoint } = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
  });
  const admin = async (path, body) => {
    const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) };
    const answer = await fetch(`${endpoint}/_sim/${path}`, init);
    return answer.json();
  };
  return {
    endpoint,
    pid: child.pid,
    admin,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Runs `command args` under /usr/bin/time -f; returns wall seconds, CPU seconds (user+sys),
 * peak RSS in MiB, exit code and output. A run past `timeoutMs` is killed and marked timedOut.
 */
export async function measure(
  command,
  args,
  { env = process.env, cwd = ROOT, timeoutMs = 600_000 } = {},
) {
  const timeFile = join(tmpdir(), `s3bulk-bench-time-${process.pid}-${Date.now()}`);
  const timed = existsSync(TIME_BIN);
  const [bin, argv] = timed
    ? [TIME_BIN, ['-f', '%e %U %S %M', '-o', timeFile, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawn(bin, argv, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout = keepTail(stdout + chunk)));
  child.stderr.on('data', (chunk) => (stderr = keepTail(stderr + chunk)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, timeoutMs);
  const code = await new Promise((resolve) =>
    child.on('close', (exitCode) => resolve(exitCode ?? -1)),
  );
  clearTimeout(timer);
  const wall = (performance.now() - started) / 1000;
  let cpu = NaN;
  let rssMiB = NaN;
  if (timed && existsSync(timeFile)) {
    const fields = (await readFile(timeFile, 'utf8'))
      .trim()
      .split('\n')
      .pop()
      .split(' ')
      .map(Number);
    cpu = fields[1] + fields[2];
    rssMiB = fields[3] / 1024;
    await rm(timeFile, { force: true });
  }
  return { wall, cpu, rssMiB, code, stdout, stderr, timedOut };
}

// Dry runs print one line per planned object; 32 MiB of output is plenty to count them.
function keepTail(text) {
  return text.length > 32 * 1024 * 1024 ? text.slice(-32 * 1024 * 1024) : text;
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
