import type { S3Client } from '@aws-sdk/client-s3';
import { S3JobStore } from '../../store/s3-job-store.js';
import type { JobState } from '../../engine/types.js';
import type { ReportScope } from '../../report/types.js';
import { writeCompletionReport } from '../../report/write-report.js';
import type { ReportRow } from '../../report/types.js';

/** `<checkpoint>/<jobId>/shard-<index>/`: the S3 prefix one shard's ledger and state live in. */
export function shardStoreLocation(checkpoint: string, jobId: string, index: number): string {
  const base = checkpoint.endsWith('/') ? checkpoint : `${checkpoint}/`;
  return `${base}${jobId}/shard-${index}/`;
}

/** `<checkpoint>/<jobId>/spec.json`: the job file `s3bulk submit` writes for the workers. */
export function shardSpecLocation(checkpoint: string, jobId: string): string {
  const base = checkpoint.endsWith('/') ? checkpoint : `${checkpoint}/`;
  return `${base}${jobId}/spec.json`;
}

/** The checkpoint prefix and job id a spec location names (`shardSpecLocation` backwards). */
export function parseShardSpecLocation(
  location: string,
): { readonly checkpoint: string; readonly jobId: string } | undefined {
  const match = /^(s3:\/\/.+\/)([A-Za-z0-9][A-Za-z0-9_-]{0,127})\/spec\.json$/.exec(location);
  return match ? { checkpoint: match[1]!, jobId: match[2]! } : undefined;
}

/** Where every shard of a job stands, from the checkpoints (`jobs describe`, the combine step). */
export interface ShardProgress {
  readonly shards: number;
  /** State per shard; undefined for a shard that has not started. */
  readonly states: readonly (JobState | undefined)[];
  readonly succeeded: number;
  readonly failed: number;
  readonly bytes: number;
  /** Shards whose state is final (Complete, Failed, Cancelled). */
  readonly finished: number;
}

const FINAL = new Set(['Complete', 'Failed', 'Cancelled']);

export async function readShardProgress(
  s3: S3Client,
  checkpoint: string,
  jobId: string,
  shards: number,
): Promise<ShardProgress> {
  const states: (JobState | undefined)[] = [];
  // A few reads at a time: a 10,000-child job has 10,000 state objects.
  for (let i = 0; i < shards; i += 32) {
    const batch = Array.from({ length: Math.min(32, shards - i) }, (_, j) =>
      new S3JobStore({ s3, location: shardStoreLocation(checkpoint, jobId, i + j) }).readState(),
    );
    states.push(...(await Promise.all(batch)));
  }
  let succeeded = 0;
  let failed = 0;
  let bytes = 0;
  let finished = 0;
  for (const s of states) {
    succeeded += s?.counters.succeeded ?? 0;
    failed += s?.counters.failed ?? 0;
    bytes += s?.counters.bytes ?? 0;
    if (s && FINAL.has(s.status)) finished++;
  }
  return { shards, states, succeeded, failed, bytes, finished };
}

export interface CombineReportOptions {
  readonly s3: S3Client;
  readonly checkpoint: string;
  readonly jobId: string;
  readonly shards: number;
  /** A local folder or `s3://bucket/prefix`; the report goes under `job-<jobId>/`. */
  readonly location: string;
  /** @default 'AllTasks' */
  readonly scope?: ReportScope;
  readonly expectedBucketOwner?: string;
}

/**
 * One S3 Batch Operations completion report from every shard's ledger. Each ledger holds each
 * of its tasks once and shards never share a task, so the report has each task exactly once.
 * Returns the `manifest.json` location.
 */
export async function combineShardReports(options: CombineReportOptions): Promise<string> {
  async function* records(): AsyncIterable<ReportRow> {
    for (let i = 0; i < options.shards; i++) {
      const store = new S3JobStore({
        s3: options.s3,
        location: shardStoreLocation(options.checkpoint, options.jobId, i),
      });
      yield* store.readResults();
    }
  }
  return writeCompletionReport(records(), {
    location: options.location,
    jobId: options.jobId,
    s3: options.s3,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.expectedBucketOwner ? { expectedBucketOwner: options.expectedBucketOwner } : {}),
  });
}
