/**
 * Requests per second one s3bulk worker made in the repo's own benchmark: W6 of
 * bench/results/latest.md (full run of 2026-12-07 10:03 UTC, idle machine), `s3bulk run` of one
 * pairs prefix row, 1,000,000 CopyObject and 1,012 ListObjectsV2 in 343.43 s wall on a 2-vCPU
 * machine against the S3 simulator (20 ms per request). Fargate bills wall time, so the wall rate is the one that prices a worker.
 */
export const MEASURED_WORKER_RATE = {
  requestsPerSecond: (1_000_000 + 1_012) / 343.43,
  source:
    'bench/results/latest.md W6 (full run, 2026-12-07): 1,001,012 requests in 343.43 s wall, s3bulk run against the S3 simulator at 20 ms per request',
} as const;

/** The worker task size apps/infra deploys by default (`s3bulk:jobVcpus`, `s3bulk:jobMemoryMiB`). */
export const WORKER_TASK_SIZE = { vcpus: 1, memoryGb: 2 } as const;

/** Fargate bills each task for at least one minute. */
export const FARGATE_MINIMUM_SECONDS = 60;

/** Memory apps/infra gives the s3bulk handler S3 Batch Operations invokes once per object. */
export const LAMBDA_HANDLER_MEMORY_GB = 1;
