import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@s3bulk/core';
import type { ServiceJob } from './types.js';

/** Jobs that never change again. */
export const TERMINAL = new Set(['Complete', 'Failed', 'Cancelled']);

/**
 * Every job of the server, kept in `<data-dir>/registry/<job id>.json` (written atomically on
 * each change) so a restarted server, even after `kill -9`, knows every job and its state.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, ServiceJob>();
  private readonly tokens = new Map<string, string>();
  private writes = new Map<string, Promise<void>>();
  readonly folder: string;

  constructor(readonly dataDir: string) {
    this.folder = join(dataDir, 'registry');
  }

  /** Read the jobs a previous run left (none on a new data dir). */
  async load(): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.folder)) {
      if (!name.endsWith('.json')) continue;
      const job = JSON.parse(await readFile(join(this.folder, name), 'utf8')) as ServiceJob;
      this.remember(job);
    }
  }

  /** Where a job's spec, ledger and state live (`LocalJobStore` folders). */
  get jobsDir(): string {
    return join(this.dataDir, 'jobs');
  }

  get(jobId: string): ServiceJob | undefined {
    return this.jobs.get(jobId);
  }

  /** The job a `ClientRequestToken` created, if any. */
  byToken(accountId: string, token: string): ServiceJob | undefined {
    const id = this.tokens.get(`${accountId}/${token}`);
    return id ? this.jobs.get(id) : undefined;
  }

  /** Newest first, as ListJobs returns them. */
  all(): ServiceJob[] {
    return [...this.jobs.values()].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    );
  }

  /** Add a job and write it before the caller answers. */
  async add(job: ServiceJob): Promise<void> {
    this.remember(job);
    await this.save(job);
  }

  /** Write a job's record; writes of one job never overlap and the last one wins. */
  save(job: ServiceJob): Promise<void> {
    const previous = this.writes.get(job.jobId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() =>
        writeFileAtomic(join(this.folder, `${job.jobId}.json`), `${JSON.stringify(job)}\n`),
      );
    this.writes.set(job.jobId, next);
    return next;
  }

  /** Wait for every write under way (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }

  private remember(job: ServiceJob): void {
    this.jobs.set(job.jobId, job);
    if (job.request.ClientRequestToken) {
      this.tokens.set(`${job.accountId}/${job.request.ClientRequestToken}`, job.jobId);
    }
  }
}
