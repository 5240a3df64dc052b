import { runJob } from '../../engine/run-job.js';
import type { JobSummary } from '../../engine/types.js';
import { operationContextOf } from '../../job/job-settings.js';
import { openJob, type OpenedJob } from '../../job/open-job.js';
import { S3JobStore } from '../../store/s3-job-store.js';
import { splitPrefixRows } from './prefix-split.js';
import { combineIfLastShard } from './shard-report.js';
import { checkShardPlan } from './shard-plan-check.js';
import { shardOperation } from './shard-operation.js';
import { shardStoreLocation } from './shard-checkpoints.js';
import { planShardWork, prefixSlice } from './shard-work.js';
import type { ShardEvent, ShardInput } from './types.js';

export interface RunShardOptions {
  /** Abort = graceful stop: no new tasks, in-flight ones finish, checkpoint flushed. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ShardEvent) => void;
}

export interface ShardRun {
  readonly summary: JobSummary;
  /** The combined report, when this shard was the last to finish. */
  readonly reportPath?: string;
}

/**
 * The `aws-batch` executor, one child: open the job with its checkpoint in S3 (a later attempt
 * resumes from it), plan this shard's share of the manifest under the job's recorded plan, run
 * it, then, if every shard is done, combine the shards' ledgers into the job's one report.
 */
export async function runShard(
  input: ShardInput,
  options: RunShardOptions = {},
): Promise<ShardRun> {
  const { spec, shard, checkpoint } = input;
  const signal = options.signal ?? new AbortController().signal;
  const emit = options.onEvent ?? (() => undefined);
  const job = await openJob(
    spec,
    (clients) =>
      new S3JobStore({
        s3: clients.control.source,
        location: shardStoreLocation(checkpoint, spec.jobId, shard.index),
        attempt: input.attempt,
      }),
    // Every shard must read the same manifest: a listing is made once, by submit.
    { materialise: false },
  );
  let closeShare: (() => Promise<void>) | undefined;
  try {
    const plan = await planShard(job, input, signal, emit);
    closeShare = plan.close;
    if (job.resumed) emit({ type: 'shard-resumed', checkpoint: job.store.location });
    // Shards write no report of their own: the last one combines every shard's ledger.
    const { report: _report, ...running } = job.spec;
    const summary = await runJob({
      spec: running,
      operation: shardOperation(job.operation, (entry) => prefixSlice(plan.plan, shard, entry)),
      manifest: () => plan.entries(plan.plan),
      context: operationContextOf(job.spec, job.clients),
      store: job.store,
      settings: job.settings,
      signal,
      onEvent: emit,
      // Each flush is one S3 PUT: bigger, rarer flushes than on a local disk.
      ledger: { batchSize: 1000, flushIntervalMs: 1000 },
    });
    emit({ type: 'shard-finished', summary });
    const reportPath =
      summary.status === 'Complete' && spec.report
        ? await combineIfLastShard(
            { ...input, s3: job.clients.control.destination, report: spec.report },
            emit,
          )
        : undefined;
    return { summary, ...(reportPath ? { reportPath } : {}) };
  } finally {
    job.close();
    await closeShare?.();
  }
}

/** This shard's share, under the plan every child and attempt of the job agrees on. */
async function planShard(
  job: OpenedJob,
  input: ShardInput,
  signal: AbortSignal,
  emit: (event: ShardEvent) => void,
) {
  const { shard } = input;
  const s3 = job.clients.control.source;
  const owner = job.spec.aws.expectedSourceBucketOwner;
  const work = await planShardWork({
    manifest: job.spec.manifest,
    shard,
    s3,
    signal,
    ...(owner ? { expectedBucketOwner: owner } : {}),
  });
  const prefixRows = work.prefixRows;
  const requesterPays = (job.operation.spec as { RequesterPays?: boolean } | undefined)
    ?.RequesterPays;
  const plan = await checkShardPlan(s3, input.checkpoint, job.spec.jobId, work.plan, {
    shard,
    signal,
    ...(prefixRows
      ? {
          derive: async () => ({
            prefixSplits: await splitPrefixRows(prefixRows(), s3, {
              shards: shard.count,
              signal,
              ...(owner ? { expectedBucketOwner: owner } : {}),
              ...(requesterPays ? { requesterPays } : {}),
            }),
          }),
        }
      : {}),
  });
  emit({
    type: 'shard-planned',
    operation: job.operation.name,
    share: work.share,
    ...(plan.prefixSplits ? { prefixRows: Object.keys(plan.prefixSplits).length } : {}),
  });
  return { plan, entries: work.entries, close: work.close };
}
