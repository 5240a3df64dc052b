import { LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  DEFAULT_ENGINE_SETTINGS,
  DEFAULT_OPERATION_SETTINGS,
  S3JobStore,
  combineShardReports,
  createDynamoDbClient,
  createS3Client,
  needsDynamoDb,
  readShardProgress,
  runJob,
  shardStoreLocation,
  type JobEvent,
  type JobSpec,
  type JobSummary,
  type OperationContext,
} from '@s3bulk/core';
import { checkShardPlan } from './shard-plan-check.js';
import { prefixSlice, planShardWork } from './shard-work.js';
import { splitPrefixRows } from './prefix-split.js';
import { shardOperation } from './shard-operation.js';
import type { WorkerConfig } from './worker-config.js';
import { resolveWorkerOperation } from './worker-operation.js';

/** How often progress is logged. @default 10000 */
const PROGRESS_LOG_MS = 10_000;

export interface WorkerRun {
  readonly summary: JobSummary;
  /** The combined report, when this shard was the last to finish. */
  readonly reportPath?: string;
}

/**
 * The worker's composition root: build clients from the config, plan this shard's share, run it
 * with the checkpoint in S3 (a later attempt resumes from it), then, if every shard is done,
 * combine the shards' ledgers into one completion report.
 */
export async function runWorker(
  config: WorkerConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<WorkerRun> {
  const { operation, json } = resolveWorkerOperation(config);
  const aws = config.aws;
  const common = {
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpointUrl ? { endpointUrl: aws.endpointUrl } : {}),
  };
  // Tasks: the engine retries whole tasks itself. Control calls (manifest, checkpoint): the SDK's.
  const s3 = createS3Client({ ...common, maxSockets: config.concurrency, maxAttempts: 1 });
  const control = createS3Client({ ...common, maxSockets: 16, maxAttempts: 5 });
  const sdk = {
    ...(aws.region ? { region: aws.region } : {}),
    ...(aws.endpointUrl ? { endpoint: aws.endpointUrl } : {}),
  };
  const dynamodb = needsDynamoDb(operation.name) ? await createDynamoDbClient(common) : undefined;
  const lambda = operation.name === 'LambdaInvoke' ? new LambdaClient(sdk) : undefined;
  try {
    const work = await planShardWork(config, control, signal);
    const prefixRows = work.prefixRows;
    const requesterPays = (operation.spec as { RequesterPays?: boolean } | undefined)
      ?.RequesterPays;
    const plan = await checkShardPlan(control, config.checkpoint, config.jobId, work.plan, {
      shard: config.shard,
      signal,
      ...(prefixRows
        ? {
            derive: async () => ({
              prefixSplits: await splitPrefixRows(prefixRows(), control, {
                shards: config.shard.count,
                signal,
                ...(aws.expectedSourceBucketOwner
                  ? { expectedBucketOwner: aws.expectedSourceBucketOwner }
                  : {}),
                ...(requesterPays ? { requesterPays } : {}),
              }),
            }),
          }
        : {}),
    });
    logger.info('shard planned', {
      operation: operation.name,
      share: work.share,
      ...(plan.prefixSplits ? { prefixRows: Object.keys(plan.prefixSplits).length } : {}),
    });
    const store = new S3JobStore({
      s3: control,
      location: shardStoreLocation(config.checkpoint, config.jobId, config.shard.index),
      attempt: config.attempt,
    });
    const stored = await store.readSpec();
    if (stored) logger.info('resuming from checkpoint', { checkpoint: store.location });
    const spec: JobSpec = {
      version: 1,
      jobId: config.jobId,
      createdAt: stored?.createdAt ?? new Date().toISOString(),
      manifest: work.manifest,
      operation: json,
      engine: { concurrency: config.concurrency },
      aws: {
        ...common,
        ...(aws.expectedBucketOwner ? { expectedBucketOwner: aws.expectedBucketOwner } : {}),
        ...(aws.expectedSourceBucketOwner
          ? { expectedSourceBucketOwner: aws.expectedSourceBucketOwner }
          : {}),
      },
    };
    const context: Omit<OperationContext, 'signal'> = {
      s3: { source: s3, destination: s3 },
      crossEndpoint: false,
      ...(dynamodb ? { dynamodb } : {}),
      ...(lambda ? { lambda } : {}),
      jobId: config.jobId,
      settings: {
        ...DEFAULT_OPERATION_SETTINGS,
        ...(config.multipartThreshold ? { multipartThreshold: config.multipartThreshold } : {}),
        ...(config.partSize ? { partSize: config.partSize } : {}),
        ...(aws.expectedBucketOwner ? { expectedBucketOwner: aws.expectedBucketOwner } : {}),
        ...(aws.expectedSourceBucketOwner
          ? { expectedSourceBucketOwner: aws.expectedSourceBucketOwner }
          : {}),
      },
    };
    let lastLog = 0;
    const onEvent = (event: JobEvent) => {
      if (event.type === 'status') logger.info('status', { status: event.status });
      if (event.type === 'throttled') logger.warn('throttled', { concurrency: event.concurrency });
      if (event.type === 'progress' && Date.now() - lastLog >= PROGRESS_LOG_MS) {
        lastLog = Date.now();
        logger.info('progress', { counters: event.counters, elapsedMs: event.elapsedMs });
      }
    };
    const summary = await runJob({
      spec,
      operation: shardOperation(operation, (entry) => prefixSlice(plan, config.shard, entry)),
      manifest: () => work.entries(plan),
      context,
      store,
      settings: { ...DEFAULT_ENGINE_SETTINGS, concurrency: config.concurrency },
      signal,
      onEvent,
      // Each flush is one S3 PUT: bigger, rarer flushes than on a local disk.
      ledger: { batchSize: 1000, flushIntervalMs: 1000 },
    });
    logger.info('shard finished', { summary });
    const reportPath =
      summary.status === 'Complete' ? await combineIfLast(config, control, logger) : undefined;
    return { summary, ...(reportPath ? { reportPath } : {}) };
  } finally {
    s3.destroy();
    control.destroy();
    dynamodb?.destroy();
    lambda?.destroy();
  }
}

/**
 * The last shard to finish writes the job's report from every shard's ledger. Two shards that
 * finish together may both write it; each writes a whole report to the same results keys (named
 * from the job id) and `manifest.json` last, so one complete report is left either way.
 */
async function combineIfLast(
  config: WorkerConfig,
  s3: ReturnType<typeof createS3Client>,
  logger: Logger,
): Promise<string | undefined> {
  if (!config.report) return undefined;
  const progress = await readShardProgress(s3, config.checkpoint, config.jobId, config.shard.count);
  const complete = progress.states.filter((s) => s?.status === 'Complete').length;
  if (complete < config.shard.count) {
    logger.info('report left to the last shard', { complete, shards: config.shard.count });
    return undefined;
  }
  const reportPath = await combineShardReports({
    s3,
    checkpoint: config.checkpoint,
    jobId: config.jobId,
    shards: config.shard.count,
    location: config.report.location,
    scope: config.report.scope,
    ...(config.aws.expectedBucketOwner
      ? { expectedBucketOwner: config.aws.expectedBucketOwner }
      : {}),
  });
  logger.info('report written', {
    reportPath,
    succeeded: progress.succeeded,
    failed: progress.failed,
  });
  return reportPath;
}
