import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_JOBS_DIR } from '../config/defaults.js';
import { JobError } from '../errors.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, writeFileAtomic } from './atomic-file.js';
import { JobFolderLock } from './job-folder-lock.js';
import { assertJobId } from './job-id.js';
import type { JobSpec, JobState, JobStore, TaskResult } from './types.js';

const SPEC = 'spec.json';
const STATE = 'state.json';
const RESULTS = 'results.jsonl';

/**
 * A job folder on local disk: `spec.json` and `state.json` (replaced atomically) and
 * `results.jsonl`, the ledger (appended and fsynced per batch). The folder is user-only (0700),
 * its files 0600. Only these fixed names are ever written: nothing from a manifest becomes a path.
 * `lock()` takes the folder for this process alone (a `lock` file) until `close()`.
 */
export class LocalJobStore implements JobStore {
  readonly location: string;
  private ready: Promise<void> | undefined;
  private ledger: FileHandle | undefined;
  private locking: Promise<JobFolderLock> | undefined;

  /** @param dir The job folder, e.g. `.s3bulk/jobs/<id>`; created on first write. */
  constructor(dir: string) {
    this.location = resolve(dir);
  }

  /** The store of job `jobId` under `jobsDir` (`.s3bulk/jobs/<id>` by default). */
  static forJob(jobId: string, jobsDir: string = DEFAULT_JOBS_DIR): LocalJobStore {
    return new LocalJobStore(join(jobsDir, assertJobId(jobId)));
  }

  /** True when the folder holds a job (a `spec.json`). */
  async exists(): Promise<boolean> {
    return (await this.readJson(SPEC)) !== undefined;
  }

  async readSpec(): Promise<JobSpec | undefined> {
    return this.readJson<JobSpec>(SPEC);
  }

  async writeSpec(spec: JobSpec): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(join(this.location, SPEC), `${JSON.stringify(spec, null, 2)}\n`);
  }

  async readState(): Promise<JobState | undefined> {
    return this.readJson<JobState>(STATE);
  }

  async writeState(state: JobState): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(join(this.location, STATE), `${JSON.stringify(state, null, 2)}\n`);
  }

  async *readResults(): AsyncIterable<TaskResult> {
    const path = join(this.location, RESULTS);
    const torn = await endsTorn(path);
    if (torn === undefined) return;
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
    let pending: { text: string; number: number } | undefined;
    let number = 0;
    for await (const text of lines) {
      number++;
      // Hold each line back one step: only the last line may be torn (a crash mid-append).
      if (pending) yield parseLine(pending.text, pending.number, path);
      pending = text === '' ? undefined : { text, number };
    }
    // A last line without its newline was never acknowledged: the task runs again.
    if (pending && !torn) yield parseLine(pending.text, pending.number, path);
  }

  async appendResults(results: readonly TaskResult[]): Promise<void> {
    if (results.length === 0) return;
    const handle = await this.openLedger();
    await handle.write(results.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await handle.datasync();
  }

  /**
   * Take the job folder for this process alone until `close()`: another process (or store) that
   * tries is refused with `JobLockedError`; a lock left by a dead process of this host is taken
   * over. Creates the folder. Calling it again while held does nothing.
   */
  async lock(): Promise<void> {
    this.locking ??= this.ensureDir().then(() => JobFolderLock.acquire(this.location));
    try {
      await this.locking;
    } catch (error) {
      this.locking = undefined;
      throw error;
    }
  }

  /** Release the ledger's file handle (the store opens it again when needed) and the lock. */
  async close(): Promise<void> {
    const handle = this.ledger;
    const locking = this.locking;
    this.ledger = undefined;
    this.locking = undefined;
    try {
      await handle?.close();
    } finally {
      const lock = await locking?.catch(() => undefined);
      await lock?.release();
    }
  }

  private async openLedger(): Promise<FileHandle> {
    if (this.ledger) return this.ledger;
    await this.ensureDir();
    const handle = await open(join(this.location, RESULTS), 'a+', PRIVATE_FILE_MODE);
    // A crash mid-append leaves a torn last line: cut it off, or the next append would glue
    // a valid record onto it and the ledger would lose both.
    const { size } = await handle.stat();
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 64 * 1024));
      let end = size;
      for (;;) {
        const start = Math.max(0, end - tail.length);
        const { bytesRead } = await handle.read(tail, 0, end - start, start);
        const at = tail.subarray(0, bytesRead).lastIndexOf(0x0a);
        if (at !== -1) {
          end = start + at + 1;
          break;
        }
        if (start === 0) {
          end = 0;
          break;
        }
        end = start;
      }
      if (end !== size) {
        await handle.truncate(end);
        await handle.datasync();
      }
    }
    this.ledger = handle;
    return handle;
  }

  private ensureDir(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.location, { recursive: true, mode: PRIVATE_DIR_MODE });
      // mkdir's mode is filtered by the umask and ignored for a folder that exists.
      await chmod(this.location, PRIVATE_DIR_MODE);
    })();
    return this.ready;
  }

  private async readJson<T>(name: string): Promise<T | undefined> {
    const path = join(this.location, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new JobError(`cannot read ${path}: ${(error as Error).message}`, 'JobStoreError', {
        cause: error,
      });
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new JobError(`${path} is not valid JSON`, 'JobStoreError', { cause: error });
    }
  }
}

function tryParse(text: string): TaskResult | undefined {
  try {
    const value = JSON.parse(text) as TaskResult;
    return typeof value === 'object' && value !== null && typeof value.taskId === 'string'
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

function parseLine(text: string, line: number, path: string): TaskResult {
  const result = tryParse(text);
  if (!result) throw new JobError(`${path}:${line}: ledger line is corrupt`, 'JobStoreError');
  return result;
}

/** Whether the file's last byte is not a newline; undefined when there is no file. */
async function endsTorn(path: string): Promise<boolean | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
