// One crash-sweep job, run the way an edge runs it: a JobSpec in, its operation and manifest
// from core, a local or S3 job store, and (worker-like) the report combined from the S3 ledger.
// Used by the child the sweep kills and, in process, by the resume and the reference run.
// Imports core only: the child is a plain Node process, not a vitest worker.
import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DEFAULT_ENGINE_SETTINGS,
  DEFAULT_OPERATION_SETTINGS,
} from '../../../src/config/defaults.js';
import { runJob } from '../../../src/engine/run-job.js';
import type { JobSummary } from '../../../src/engine/types.js';
import type { JobSpec } from '../../../src/job/types.js';
import type { JobStore } from '../../../src/store/types.js';
import { combineShardReports } from '../../../src/executors/aws-batch/shard-checkpoints.js';
import { shardStoreLocation } from '../../../src/executors/aws-batch/shard-checkpoints.js';
import { openManifestBatches } from '../../../src/manifest/open-manifest.js';
import { parseOperation } from '../../../src/operations/registry.js';
import { LocalJobStore } from '../../../src/store/local-job-store.js';
import { S3JobStore } from '../../../src/store/s3-job-store.js';

/** Where the job's store lives: a local job folder, or an AWS Batch shard's checkpoint. */
export type SweepStore =
  | { readonly kind: 'local'; readonly dir: string }
  | { readonly kind: 's3'; readonly checkpoint: string; readonly attempt: number };

export interface SweepJobConfig {
  readonly spec: JobSpec;
  readonly store: SweepStore;
  /** The S3 store's report, written after the run from the shard's ledger (as the worker does). */
  readonly workerReport?: string;
  /**
   * Test seam: the client the report is written with puts `manifest.json` on S3 before the
   * results files (deferred until after it), the broken order the sweep must catch.
   */
  readonly brokenReportOrder?: boolean;
}

export interface SweepJobOutcome {
  readonly summary: JobSummary;
  /** `manifest.json` of the report, when one was written. */
  readonly reportPath: string | undefined;
}

export function storeOf(config: SweepJobConfig, s3: S3Client): JobStore {
  const { store, spec } = config;
  if (store.kind === 'local') return new LocalJobStore(store.dir);
  return new S3JobStore({
    s3,
    location: shardStoreLocation(store.checkpoint, spec.jobId, 0),
    attempt: store.attempt,
  });
}

export async function runSweepJob(config: SweepJobConfig, s3: S3Client): Promise<SweepJobOutcome> {
  const { spec } = config;
  const destination = config.brokenReportOrder ? manifestFirst(s3) : s3;
  const summary = await runJob({
    spec,
    operation: parseOperation(spec.operation),
    manifest: () => openManifestBatches(spec.manifest, { s3 }),
    context: {
      s3: { source: s3, destination },
      crossEndpoint: false,
      jobId: spec.jobId,
      settings: DEFAULT_OPERATION_SETTINGS,
    },
    store: storeOf(config, s3),
    // Two at a time and tiny ledger batches: every persistence step is reached, most of them
    // more than once, in a job of a dozen tasks. No progress ticks: state is written at each
    // status change only, so a state point's count names the same moment on every run.
    settings: { ...DEFAULT_ENGINE_SETTINGS, concurrency: 2, baseDelayMs: 5, maxDelayMs: 50 },
    ledger: { batchSize: 2, flushIntervalMs: 10 },
    progressIntervalMs: 3_600_000,
  });
  if (config.store.kind !== 's3' || !config.workerReport || summary.status !== 'Complete') {
    return { summary, reportPath: summary.reportPath };
  }
  const reportPath = await combineShardReports({
    s3: destination,
    checkpoint: config.store.checkpoint,
    jobId: spec.jobId,
    shards: 1,
    location: config.workerReport,
    scope: 'AllTasks',
  });
  return { summary, reportPath };
}

/** `s3`, but results-file PUTs are answered at once and sent only after `manifest.json`'s. */
function manifestFirst(s3: S3Client): S3Client {
  const deferred: Array<() => Promise<unknown>> = [];
  const isPut = (command: { constructor: { name: string } }) =>
    command.constructor.name === 'PutObjectCommand';
  const send = async (command: PutObjectCommand, options?: object): Promise<unknown> => {
    const key = (command.input as { Key?: string }).Key ?? '';
    if (isPut(command) && /\/results\/[^/]+\.csv$/.test(key)) {
      deferred.push(() => s3.send(command, options));
      return { $metadata: { httpStatusCode: 200 }, ETag: '"deferred"' };
    }
    const output = await s3.send(command, options);
    if (isPut(command) && key.endsWith('/manifest.json')) {
      // Sent a moment later: a crash right after manifest.json leaves it naming missing files.
      setImmediate(() => deferred.splice(0).forEach((put) => void put()));
    }
    return output;
  };
  return new Proxy(s3, {
    get: (target, name) => (name === 'send' ? send : Reflect.get(target, name)),
  });
}
