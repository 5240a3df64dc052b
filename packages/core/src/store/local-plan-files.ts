import { chmod, mkdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, syncDirectory } from './atomic-file.js';
import { crashPoint } from './crash-points.js';
import { appendJsonLines, openForAppend, readJsonLines } from './jsonl-file.js';
import {
  assertRowId,
  decodePlanRecord,
  type PlanRecord,
  type TaskPlanStore,
} from './plan-record.js';

const PLANS = 'plans';

/**
 * The plans of a job folder's expanded rows: `plans/<row>.jsonl`, one append-only file per row
 * (0600 in a 0700 folder), fsynced per append; a torn last line (a crash mid-append) is ignored
 * when read and cut off before the next append. Rows expand one at a time, so one file is open.
 */
export class LocalPlanFiles implements TaskPlanStore {
  private readonly dir: string;
  private open: { rowId: string; handle: FileHandle } | undefined;
  private ready: Promise<void> | undefined;
  private appends: Promise<void> = Promise.resolve();

  /** @param jobFolder The job folder the `plans` folder goes in. */
  constructor(private readonly jobFolder: string) {
    this.dir = join(jobFolder, PLANS);
  }

  async *readPlan(rowId: string): AsyncIterable<PlanRecord> {
    yield* readJsonLines(this.pathOf(rowId), decodePlanRecord, 'plan');
  }

  appendPlan(rowId: string, records: readonly PlanRecord[]): Promise<void> {
    // Serialised: two appends never interleave, nor race to open a file.
    const write = this.appends.then(async () => {
      const path = this.pathOf(rowId);
      if (records.length === 0) return;
      const handle = await this.handleFor(rowId, path);
      crashPoint('local.plan.append.before');
      await appendJsonLines(handle, records);
      crashPoint('local.plan.append.after');
    });
    this.appends = write.catch(() => undefined);
    return write;
  }

  /** Close the open plan file (it is opened again when needed). */
  async close(): Promise<void> {
    await this.appends;
    const open = this.open;
    this.open = undefined;
    await open?.handle.close();
  }

  private pathOf(rowId: string): string {
    return join(this.dir, `${assertRowId(rowId)}.jsonl`);
  }

  private async handleFor(rowId: string, path: string): Promise<FileHandle> {
    if (this.open?.rowId === rowId) return this.open.handle;
    await this.open?.handle.close();
    this.open = undefined;
    this.ready ??= ensurePrivateDir(this.dir).then(() => syncDirectory(this.jobFolder));
    await this.ready;
    const handle = await openForAppend(path);
    // The file's name must survive a power loss as well as its lines.
    await syncDirectory(this.dir);
    this.open = { rowId, handle };
    return handle;
  }
}

/** Create `dir` (and parents) user-only; an existing one is made user-only too. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode is filtered by the umask and ignored for a folder that exists.
  await chmod(dir, PRIVATE_DIR_MODE);
}
