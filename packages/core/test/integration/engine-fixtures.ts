// Test-only operations and helpers for the engine's integration tests. The operations PUT a
// marker object per task, so the destination bucket shows which tasks really ran.
import { PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { DEFAULT_ENGINE_SETTINGS, DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import type { RunJobOptions } from '../../src/engine/run-job-options.js';
import type { EngineSettings, TaskResult } from '../../src/engine/types.js';
import type { JobSpec } from '../../src/job/types.js';
import type { ReportSpec } from '../../src/report/types.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import type { Operation, Task } from '../../src/operations/types.js';
import { resultMessage } from '../../src/operations/sync-message.js';
import type { JobStore } from '../../src/store/types.js';

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * `entries` read as `RunJobOptions.manifest` reads a manifest: `size` entries a batch, as the csv
 * readers give a chunk's rows, so the engine's tests cross batch boundaries.
 */
export function inBatches<T>(
  entries: () => AsyncIterable<T>,
  size = 100,
): () => AsyncIterable<T[]> {
  return async function* () {
    let batch: T[] = [];
    for await (const entry of entries()) {
      batch.push(entry);
      if (batch.length < size) continue;
      yield batch;
      batch = [];
    }
    if (batch.length > 0) yield batch;
  };
}

/** Keys `obj/00001.txt` ... as object entries, one per line. */
export function objectEntries(bucket: string, count: number): () => AsyncIterable<ObjectEntry> {
  return async function* () {
    for (let line = 1; line <= count; line++) {
      yield {
        kind: 'object',
        object: { bucket, key: `obj/${String(line).padStart(5, '0')}.txt` },
        location: { source: 'manifest.csv', line },
      };
    }
  };
}

/** `objectEntries` as a manifest the engine reads (`RunJobOptions.manifest`). */
export function objectManifest(bucket: string, count: number): () => AsyncIterable<ObjectEntry[]> {
  return inBatches(objectEntries(bucket, count));
}

/** What S3 answers when it wants fewer requests per second. */
export function slowDown(): S3ServiceException {
  return new S3ServiceException({
    name: 'SlowDown',
    $fault: 'server',
    $metadata: { httpStatusCode: 503 },
    message: 'Please reduce your request rate.',
  });
}

export function noSuchKey(): S3ServiceException {
  return new S3ServiceException({
    name: 'NoSuchKey',
    $fault: 'client',
    $metadata: { httpStatusCode: 404 },
    message: 'The specified key does not exist.',
  });
}

export interface MarkerOperationOptions {
  /** How many times a task fails with SlowDown before it succeeds. @default 0 */
  readonly slowDowns?: (task: Task) => number;
  /** Tasks that fail with NoSuchKey, every time. */
  readonly missing?: (task: Task) => boolean;
  /** Time each successful call takes. @default 0 */
  readonly delayMs?: number;
}

/** An operation that PUTs `done/<key>` (body: the task id) into `markerBucket` and counts calls. */
export function markerOperation(
  s3: S3Client,
  markerBucket: string,
  options: MarkerOperationOptions = {},
): Operation & { calls: Map<string, number> } {
  const calls = new Map<string, number>();
  return {
    name: 'S3PutObjectTagging',
    spec: { marker: markerBucket },
    calls,
    async run(task, context) {
      const call = (calls.get(task.id) ?? 0) + 1;
      calls.set(task.id, call);
      if (options.missing?.(task)) throw noSuchKey();
      if (call <= (options.slowDowns?.(task) ?? 0)) throw slowDown();
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      await s3.send(
        new PutObjectCommand({
          Bucket: markerBucket,
          Key: `done/${task.object.key}`,
          Body: task.id,
        }),
        { abortSignal: context.signal },
      );
      return { message: 'Successful', bytes: task.id.length };
    },
  };
}

/** Engine settings for tests: short backoff so retries do not slow the suite. */
export function testSettings(overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    ...DEFAULT_ENGINE_SETTINGS,
    concurrency: 16,
    baseDelayMs: 5,
    maxDelayMs: 50,
    ...overrides,
  };
}

export function testSpec(jobId: string, report?: ReportSpec): JobSpec {
  return {
    version: 1,
    jobId,
    createdAt: new Date().toISOString(),
    manifest: { format: 'csv', location: 'manifest.csv' },
    operation: { S3PutObjectTagging: { TagSet: [] } },
    ...(report ? { report } : {}),
    engine: {},
    aws: {},
  };
}

/** The parts of `RunJobOptions` every test shares: both sides of the context on one client. */
export function contextFor(s3: S3Client, jobId: string): RunJobOptions['context'] {
  return {
    s3: { source: s3, destination: s3 },
    crossEndpoint: false,
    jobId,
    settings: DEFAULT_OPERATION_SETTINGS,
  };
}

/**
 * What a kill -9 leaves: the work is done on S3, but only the first `keep` results reached the
 * ledger (the rest were in the unflushed batch or in flight). Everything else is the real store.
 */
export function losingTail(store: JobStore, keep: number): JobStore {
  let kept = 0;
  const appendResults = async (results: readonly TaskResult[]): Promise<void> => {
    const room = Math.max(0, keep - kept);
    kept += Math.min(room, results.length);
    await store.appendResults(results.slice(0, room));
  };
  return new Proxy(store, {
    get(target, name) {
      if (name === 'appendResults') return appendResults;
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

/** A result as versions before the facts kept it: its ResultMessage worded, no `effect`. */
export function worded({ effect, ...result }: TaskResult): TaskResult {
  return { ...result, message: resultMessage({ ...result, ...(effect ? { effect } : {}) }) };
}
