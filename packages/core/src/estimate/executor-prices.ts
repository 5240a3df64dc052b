import { NATIVE_OPERATIONS, NOT_MANAGED } from '../executors/s3-batch-operations/operation.js';
import {
  FARGATE_MINIMUM_SECONDS,
  LAMBDA_HANDLER_MEMORY_GB,
  MEASURED_WORKER_RATE,
  WORKER_TASK_SIZE,
} from './constants.js';
import { priceTierOf, requestTypeOf } from './request-types.js';
import type { ExecutorPrice, PricePart, RegionPrices } from './types.js';

/** What the executors are priced from: the job's counted calls and tasks. */
export interface PricedWork {
  readonly operation: string;
  readonly tasks: number;
  readonly requests: Readonly<Record<string, number>>;
}

/** The price of the same job in each executor, part by part. */
export function priceExecutors(work: PricedWork, prices: RegionPrices): ExecutorPrice[] {
  const s3 = s3RequestParts(work.requests, prices);
  const invokes = work.requests['Invoke'] ?? 0;
  // The function LambdaInvoke names runs as long as it runs: s3bulk cannot know for how long.
  const lambda = invokes > 0 ? lambdaParts(invokes, prices, 'the function LambdaInvoke names') : [];
  const local = executorPrice('local', [...s3, ...lambda]);

  const calls = Object.values(work.requests).reduce((sum, n) => sum + n, 0);
  const seconds = Math.max(
    FARGATE_MINIMUM_SECONDS,
    Math.ceil(calls / MEASURED_WORKER_RATE.requestsPerSecond),
  );
  const hours = seconds / 3600;
  const { vcpus, memoryGb } = WORKER_TASK_SIZE;
  const fargate: PricePart[] = [
    part(
      'Fargate vCPU',
      times(prices.fargateVcpuHour, hours * vcpus),
      `${seconds} s x ${vcpus} vCPU`,
    ),
    part(
      'Fargate memory',
      times(prices.fargateGbHour, hours * memoryGb),
      `${seconds} s x ${memoryGb} GB`,
    ),
  ];
  const batch = executorPrice('aws-batch', [...s3, ...lambda, ...fargate]);
  return [local, batch, batchOperationsPrice(work, prices, s3, lambda)];
}

function batchOperationsPrice(
  work: PricedWork,
  prices: RegionPrices,
  s3: PricePart[],
  lambda: PricePart[],
): ExecutorPrice {
  const notManaged = Object.hasOwn(NOT_MANAGED, work.operation)
    ? NOT_MANAGED[work.operation as keyof typeof NOT_MANAGED]
    : undefined;
  if (notManaged) {
    return {
      executor: 's3-batch-operations',
      usd: 0,
      incomplete: true,
      parts: [],
      unavailable: notManaged,
    };
  }
  const fees = [
    part('job fee', prices.batchOperationsPerJob, '1 job'),
    part(
      'object fee',
      times(prices.batchOperationsPerMillionObjects, work.tasks / 1e6),
      `${work.tasks} objects`,
    ),
  ];
  // s3bulk's own operations run through its handler: one invocation per object.
  const handler = NATIVE_OPERATIONS.has(work.operation)
    ? []
    : lambdaParts(work.tasks, prices, 'the s3bulk handler', LAMBDA_HANDLER_MEMORY_GB);
  return executorPrice('s3-batch-operations', [...fees, ...s3, ...lambda, ...handler]);
}

function s3RequestParts(requests: Readonly<Record<string, number>>, prices: RegionPrices) {
  let write = 0;
  let read = 0;
  for (const [request, n] of Object.entries(requests)) {
    const tier = priceTierOf(requestTypeOf(request));
    if (tier === 'write') write += n;
    else if (tier === 'read') read += n;
  }
  const parts: PricePart[] = [];
  if (write > 0) {
    const usd = times(prices.s3WritePer1000, write / 1000);
    parts.push(part('S3 PUT/COPY/POST/LIST', usd, `${write} requests`));
  }
  if (read > 0)
    parts.push(part('S3 GET/HEAD', times(prices.s3ReadPer1000, read / 1000), `${read} requests`));
  return parts;
}

function lambdaParts(
  invocations: number,
  prices: RegionPrices,
  what: string,
  memoryGb?: number,
): PricePart[] {
  return [
    part(
      'Lambda requests',
      times(prices.lambdaPerMillionRequests, invocations / 1e6),
      `${invocations} invocations of ${what}`,
    ),
    // No measured duration for either function: said, not guessed.
    part(
      'Lambda duration',
      null,
      `${what}${memoryGb ? ` at ${memoryGb} GB` : ''}: no measured duration`,
    ),
  ];
}

function executorPrice(executor: ExecutorPrice['executor'], parts: PricePart[]): ExecutorPrice {
  const usd = parts.reduce((sum, p) => sum + (p.usd ?? 0), 0);
  return { executor, usd, incomplete: parts.some((p) => p.usd === null), parts };
}

function part(name: string, usd: number | null, basis: string): PricePart {
  return { name, usd, basis };
}

function times(price: number | null, quantity: number): number | null {
  return price === null ? null : price * quantity;
}
