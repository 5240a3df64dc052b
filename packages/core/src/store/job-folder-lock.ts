import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JobLockedError, type JobLockOwner } from '../errors.js';
import { openIfExists, PRIVATE_FILE_MODE } from './atomic-file.js';
import { crashPoint } from './crash-points.js';

/** The lock's name in a job folder, beside `spec.json`, `state.json` and `results.jsonl`. */
export const LOCK_FILE = 'lock';

/** Held for the few syscalls of a takeover (see `removeStale`). */
const TAKEOVER_SUFFIX = '.takeover';

// Processes racing to take over one stale lock settle it in a round or two; a takeover that
// outlasts every round (a guard left by a process killed mid-takeover) is refused, not forced.
const MAX_ROUNDS = 20;

// Locks (and takeover guards) held by this process, path -> text written: removed at exit.
const held = new Map<string, string>();
let exitHookInstalled = false;

/**
 * An exclusive lock on a job folder, so two processes never run one job at once. `lock` is
 * created with O_EXCL and holds the owner's pid, hostname and start time. A lock whose owner was
 * a process of this host that is gone (`kill -9`) is taken over; any other is refused with a
 * `JobLockedError` that names the holder, the lock file and what to do.
 */
export class JobFolderLock {
  private released = false;

  private constructor(
    /** The `lock` file. */
    readonly path: string,
    private readonly text: string,
  ) {}

  /**
   * Take the lock of the folder `dir` (which must exist).
   * @param options.now The clock `startedAt` is read from. @default () => new Date()
   */
  static async acquire(
    dir: string,
    options: { readonly now?: () => Date } = {},
  ): Promise<JobFolderLock> {
    const path = join(dir, LOCK_FILE);
    const owner: JobLockOwner = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: (options.now?.() ?? new Date()).toISOString(),
    };
    const text = `${JSON.stringify(owner)}\n`;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (await createExclusive(path, text)) {
        held.set(path, text);
        installExitHook();
        crashPoint('local.lock.acquired');
        return new JobFolderLock(path, text);
      }
      const found = await readLock(path);
      if (!found) continue; // released in between: try again
      if (!isStale(found.owner)) throw lockedError(path, found.owner);
      await removeStale(path, found, text);
    }
    throw new JobLockedError(
      `cannot take ${path}: other processes keep taking it over. Run one s3bulk per job at a ` +
        `time; if none runs this job, remove ${path} and ${path}${TAKEOVER_SUFFIX} and run again.`,
      path,
      undefined,
    );
  }

  /** Remove the lock, if it is still this one. Safe to call twice. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (text === this.text) await rm(this.path, { force: true });
  }
}

interface FoundLock {
  readonly owner: JobLockOwner | undefined;
  readonly text: string;
  readonly ino: number;
  readonly dev: number;
}

/** Create `path` only if it does not exist; false when it does. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
  return true;
}

async function readLock(path: string): Promise<FoundLock | undefined> {
  const handle = await openIfExists(path);
  if (!handle) return undefined;
  try {
    const { ino, dev } = await handle.stat();
    const text = await handle.readFile('utf8');
    return { owner: parseOwner(text), text, ino, dev };
  } finally {
    await handle.close();
  }
}

function parseOwner(text: string): JobLockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<JobLockOwner> | null;
    const { pid, hostname: host, startedAt } = value ?? {};
    // pid 0 or below would signal a process group: never trust one.
    if (!Number.isInteger(pid) || (pid as number) <= 0 || typeof host !== 'string')
      return undefined;
    return { pid: pid as number, hostname: host, startedAt: String(startedAt) };
  } catch {
    return undefined;
  }
}

/** Only a lock of this host whose process is gone is stale; another host's cannot be checked. */
function isStale(owner: JobLockOwner | undefined): boolean {
  if (!owner || owner.hostname !== hostname()) return false;
  // Naming this pid: ours, or an earlier process's that had the same pid (a container's pid 1).
  if (owner.pid === process.pid) return Date.parse(owner.startedAt) < performance.timeOrigin;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but is another user's.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Remove a stale lock. Takeovers are serialised by a second O_EXCL file, `lock.takeover`, held
 * only while the stale lock is checked again and unlinked: without it a process could unlink a
 * lock that another process had just taken over. Resolves once this round is over either way.
 */
async function removeStale(path: string, stale: FoundLock, text: string): Promise<void> {
  const guard = `${path}${TAKEOVER_SUFFIX}`;
  if (!(await createExclusive(guard, text))) {
    // Another process is taking over (wait for it), or died doing so (its guard is stale).
    const other = await readLock(guard);
    if (other && isStale(other.owner)) await rm(guard, { force: true });
    else await sleep(5 + Math.random() * 20);
    return;
  }
  held.set(guard, text);
  installExitHook();
  try {
    const current = await readLock(path);
    const same =
      current !== undefined &&
      current.ino === stale.ino &&
      current.dev === stale.dev &&
      current.text === stale.text;
    // Only a guard holder unlinks a lock, and a dead owner never releases: `lock` is still `stale`.
    if (same) await rm(path, { force: true });
  } finally {
    held.delete(guard);
    await rm(guard, { force: true });
  }
}

function lockedError(path: string, owner: JobLockOwner | undefined): JobLockedError {
  const folder = dirname(path);
  if (!owner) {
    return new JobLockedError(
      `job folder ${folder} is locked and its lock ${path} cannot be read (another s3bulk may be ` +
        `taking it right now). Run again in a moment; if no s3bulk runs this job, remove ${path}.`,
      path,
      undefined,
    );
  }
  const where = owner.hostname === hostname() ? 'this host' : `host ${owner.hostname}`;
  const check =
    owner.hostname === hostname() ? '' : ' (s3bulk cannot check a process on another host)';
  return new JobLockedError(
    `job folder ${folder} is in use by process ${owner.pid} on ${where} since ${owner.startedAt}. ` +
      `Wait for it to finish, or, if that process is gone${check}, remove ${path} and run again.`,
    path,
    owner,
  );
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // process.exit (a second Ctrl-C) runs no finally block: remove the locks still held here.
  process.on('exit', () => {
    for (const [path, text] of held) {
      try {
        if (readFileSync(path, 'utf8') === text) unlinkSync(path);
      } catch {
        // Gone already, or unreadable: nothing of ours to remove.
      }
    }
  });
}
