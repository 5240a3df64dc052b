import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JobError, JobLockedError } from '../errors.js';
import { JobFolderLock, LOCK_FILE } from './job-folder-lock.js';
import { LocalJobStore } from './local-job-store.js';

const tsx = resolve(import.meta.dirname, '../../../../node_modules/tsx/dist/esm/index.mjs');
const lockModule = pathToFileURL(resolve(import.meta.dirname, 'job-folder-lock.ts')).href;

async function jobDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 's3bulk-lock-'));
}

/** The pid of a process that has exited: what `kill -9` leaves in a lock file. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function writeLock(dir: string, owner: Record<string, unknown> | string): Promise<void> {
  const text = typeof owner === 'string' ? owner : JSON.stringify(owner);
  await writeFile(join(dir, LOCK_FILE), text, { mode: 0o600 });
}

const NOW = '2026-12-31T23:59:59.999Z';

/**
 * Start `code` in a child Node process that can import the lock module (as `JobFolderLock`):
 * its first line of output, and all of it once it exits 0 (else an error with its stderr).
 */
function startChild(code: string): { firstLine: Promise<string>; done: Promise<string> } {
  const script = `const { JobFolderLock } = await import(${JSON.stringify(lockModule)});\n${code}`;
  const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script]);
  let out = '';
  let err = '';
  let line: (text: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (line = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('\n')) line(out.slice(0, out.indexOf('\n')));
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<string>((resolve, fail) => {
    child.on('error', fail);
    child.on('close', (status) => {
      line(out);
      if (status === 0) resolve(out);
      else fail(new Error(`${status}: ${err}`));
    });
  });
  return { firstLine, done };
}

function runChild(code: string): Promise<string> {
  return startChild(code).done;
}

describe('engine: job folder lock', () => {
  it('creates a user-only lock file naming this process, and removes it on release', async () => {
    // Prepare
    const dir = await jobDir();

    // Act
    const lock = await JobFolderLock.acquire(dir);
    const owner = JSON.parse(await readFile(lock.path, 'utf8')) as Record<string, unknown>;
    const mode = (await stat(lock.path)).mode & 0o777;
    await lock.release();
    await lock.release();

    // Assess
    expect(owner).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Number.isNaN(Date.parse(String(owner.startedAt)))).toBe(false);
    expect(mode).toBe(0o600);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a lock held by a live process, naming its pid, the lock file and what to do', async () => {
    // Prepare: the parent of this test process is alive on this host.
    const dir = await jobDir();
    await writeLock(dir, { pid: process.ppid, hostname: hostname(), startedAt: 'earlier' });

    // Act
    const taking = JobFolderLock.acquire(dir);

    // Assess
    await expect(taking).rejects.toBeInstanceOf(JobLockedError);
    await expect(taking).rejects.toBeInstanceOf(JobError);
    const error = (await taking.catch((e: unknown) => e)) as JobLockedError;
    expect(error.code).toBe('JobLocked');
    expect(error.lockPath).toBe(join(dir, LOCK_FILE));
    expect(error.owner?.pid).toBe(process.ppid);
    expect(error.message).toContain(`process ${process.ppid} on this host`);
    expect(error.message).toContain(`remove ${join(dir, LOCK_FILE)}`);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.ppid,
    });
  });

  it('refuses a second store of the same folder in this process until the first closes', async () => {
    // Prepare
    const dir = await jobDir();
    const first = new LocalJobStore(dir);
    const second = new LocalJobStore(dir);
    await first.lock();
    await first.lock();

    // Act
    const refused = second.lock();
    await expect(refused).rejects.toThrow(`process ${process.pid} on this host`);
    await first.close();
    await second.lock();

    // Assess
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    await second.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a stale lock: a process of this host that is gone (kill -9)', async () => {
    // Prepare
    const dir = await jobDir();
    const gone = deadPid();
    await writeLock(dir, { pid: gone, hostname: hostname(), startedAt: 'earlier' });

    // Act
    const lock = await JobFolderLock.acquire(dir);

    // Assess
    const owner = JSON.parse(await readFile(lock.path, 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid);
    expect(await readdir(dir)).toEqual([LOCK_FILE]);
    await lock.release();
  });

  it('takes over a lock naming this pid that this process does not hold (pid reused)', async () => {
    // Prepare
    const dir = await jobDir();
    await writeLock(dir, {
      pid: process.pid,
      hostname: hostname(),
      startedAt: new Date(performance.timeOrigin - 60_000).toISOString(),
    });

    // Act
    const lock = await JobFolderLock.acquire(dir, { now: () => new Date(NOW) });

    // Assess
    const owner = JSON.parse(await readFile(lock.path, 'utf8')) as { startedAt: string };
    expect(owner.startedAt).toBe(NOW);
    await lock.release();
  });

  it.each([
    [
      'another host',
      { pid: 1234, hostname: 'elsewhere.example', startedAt: 'x' },
      /host elsewhere\.example.*cannot check a process on another host/,
    ],
    ['an unreadable lock', '', /cannot be read/],
    ['a lock with pid 0', { pid: 0, hostname: hostname(), startedAt: 'x' }, /cannot be read/],
  ])('does not take over %s', async (_, owner, message) => {
    // Prepare
    const dir = await jobDir();
    await writeLock(dir, owner);

    // Act
    const taking = JobFolderLock.acquire(dir);

    // Assess
    await expect(taking).rejects.toThrow(message);
    await expect(taking).rejects.toThrow(`remove ${join(dir, LOCK_FILE)}`);
  });

  it('lets exactly one of several processes take over the same stale lock', async () => {
    // Prepare
    const dir = await jobDir();
    await writeLock(dir, { pid: deadPid(), hostname: hostname(), startedAt: 'earlier' });
    // Each child says what it got, then holds it until every child has said so: every one tries
    // while a winner holds the lock, however slowly the children start.
    const go = join(await jobDir(), 'go');
    const contender = `
      const { existsSync } = await import('node:fs');
      try {
        await JobFolderLock.acquire(${JSON.stringify(dir)});
        process.stdout.write('won\\n');
      } catch (error) {
        process.stdout.write(error.code + '\\n');
      }
      while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 10));`;

    // Act
    const children = Array.from({ length: 4 }, () => startChild(contender));
    const outcomes = (await Promise.all(children.map((child) => child.firstLine))).map((line) =>
      line.trim(),
    );
    await writeFile(go, '');
    await Promise.all(children.map((child) => child.done));

    // Assess
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'JobLocked')).toHaveLength(3);
    expect(await readdir(dir)).toEqual([]);
  });

  it('is removed when the process exits without releasing it (process.exit, a second Ctrl-C)', async () => {
    // Prepare
    const dir = await jobDir();

    // Act
    const out = await runChild(`
      const lock = await JobFolderLock.acquire(${JSON.stringify(dir)});
      process.stdout.write(lock.path);
      process.exit(130);`).catch((error: Error) => error.message);

    // Assess
    expect(out).toMatch(/^130/);
    expect(await readdir(dir)).toEqual([]);
  });
});
