import { readFile, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DEFAULT_JOBS_DIR } from '../config/defaults.js';
import { JobError } from '../errors.js';
import { writeFileAtomic } from './atomic-file.js';
import { crashPoint } from './crash-points.js';
import { JobFolderLock } from './job-folder-lock.js';
import { assertJobId } from '../engine/job-id.js';
import { appendJsonLines, openForAppend, readJsonLines } from './jsonl-file.js';
import { LocalPlanFiles, ensurePrivateDir } from './local-plan-files.js';
import type { PlanRecord } from './plan-record.js';
import { LedgerLines, ledgerLineDecoder } from './ledger-lines.js';
import type { JobState, TaskResult } from '../engine/types.js';
import type { JobSpec } from '../job/types.js';
import type { JobStore } from '../store/types.js';

const SPEC = 'spec.json';
const STATE = 'state.json';
const RESULTS = 'results.jsonl';

/**
 * A job folder on local disk: `spec.json` and `state.json` (replaced atomically),
 * `results.jsonl`, the ledger (appended and fsynced per batch), and `plans/<row>.jsonl`, the
 * tasks each expanded prefix row planned (appended and fsynced before they run). The folder is
 * user-only (0700), its files 0600. Only these names are ever written (`<row>` is a row's line
 * number, checked): nothing from a manifest becomes a path.
 * `lock()` takes the folder for this process alone (a `lock` file) until `close()`.
 */
export class LocalJobStore implements JobStore {
  readonly location: string;
  private ready: Promise<void> | undefined;
  private ledger: FileHandle | undefined;
  private locking: Promise<JobFolderLock> | undefined;
  private readonly plans: LocalPlanFiles;
  private readonly ledgerLines = new LedgerLines();

  /** @param dir The job folder, e.g. `.s3bulk/jobs/<id>`; created on first write. */
  constructor(dir: string) {
    this.location = resolve(dir);
    this.plans = new LocalPlanFiles(this.location);
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
    await writeFileAtomic(join(this.location, SPEC), `${JSON.stringify(spec, null, 2)}\n`, {
      onStaged: () => crashPoint('local.spec.staged'),
    });
    crashPoint('local.spec.written');
  }

  async readState(): Promise<JobState | undefined> {
    return this.readJson<JobState>(STATE);
  }

  async writeState(state: JobState): Promise<void> {
    await this.ensureDir();
    await writeFileAtomic(join(this.location, STATE), `${JSON.stringify(state, null, 2)}\n`, {
      onStaged: () => crashPoint('local.state.staged'),
    });
    crashPoint('local.state.written');
  }

  readResults(): AsyncIterable<TaskResult> {
    return readJsonLines(join(this.location, RESULTS), ledgerLineDecoder(), 'ledger');
  }

  async appendResults(results: readonly TaskResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.ensureDir();
    this.ledger ??= await openForAppend(join(this.location, RESULTS));
    const { lines, commit } = this.ledgerLines.encode(results);
    crashPoint('local.ledger.append.before');
    await appendJsonLines(this.ledger, lines);
    commit();
    crashPoint('local.ledger.append.after');
  }

  readPlan(rowId: string): AsyncIterable<PlanRecord> {
    return this.plans.readPlan(rowId);
  }

  appendPlan(rowId: string, records: readonly PlanRecord[]): Promise<void> {
    return this.plans.appendPlan(rowId, records);
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
      await this.plans.close();
    } finally {
      const lock = await locking?.catch(() => undefined);
      await lock?.release();
    }
  }

  private ensureDir(): Promise<void> {
    this.ready ??= ensurePrivateDir(this.location);
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
