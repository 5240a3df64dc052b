import type { EngineSettings } from '../engine/types.js';
import type { OperationSettings } from '../operations/types.js';

const MiB = 1024 * 1024;

/** Defaults of the engine; `s3bulk run` flags override them. Chosen from `npm run bench`. */
export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  concurrency: 64,
  minConcurrency: 4,
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  failureThreshold: { minTasks: 1000, ratio: 0.5 },
};

/** S3's own limit for a single CopyObject is 5 GiB. */
export const DEFAULT_OPERATION_SETTINGS: OperationSettings = {
  multipartThreshold: 5 * 1024 * MiB,
  partSize: 64 * MiB,
};

/** Where local jobs live unless `--job-dir` says otherwise. */
export const DEFAULT_JOBS_DIR = '.s3bulk/jobs';
