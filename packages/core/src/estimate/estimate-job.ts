import { MEASURED_WORKER_RATE } from './constants.js';
import { priceExecutors } from './executor-prices.js';
import { PRICE_TABLE, priceTableRegions, regionPrices } from './price-table.js';
import type { RequestTally } from './request-tally.js';
import { REQUEST_TYPE_ORDER, requestTypeOf } from './request-types.js';
import type { JobEstimate, PriceTable, RequestType } from './types.js';

export interface EstimateOptions {
  readonly operation: string;
  /** The region prices come from (`--region`, else the SDK's chain). */
  readonly region: string;
  /** @default PRICE_TABLE */
  readonly table?: PriceTable;
}

/**
 * Turn what `plan` counted into requests by type, bytes and a price per executor. A region the
 * table lacks gets the counts and a note naming the regions it has, no prices.
 */
export function estimateJob(tally: RequestTally, options: EstimateOptions): JobEstimate {
  const table = options.table ?? PRICE_TABLE;
  const requests = tally.requests();
  const byType = Object.fromEntries(REQUEST_TYPE_ORDER.map((t) => [t, 0])) as Record<
    RequestType,
    number
  >;
  for (const [request, n] of Object.entries(requests)) byType[requestTypeOf(request)] += n;
  const prices = regionPrices(options.region, table);
  const notes: string[] = [];
  if (!prices) {
    notes.push(
      `no prices for region ${options.region}: the price table (${table.date}) has ${priceTableRegions(table).join(', ')}`,
    );
  }
  if (tally.unknownSizes > 0) {
    notes.push(
      `bytes unknown for ${tally.unknownSizes} tasks (the manifest gives no size): their calls assume an object under the multipart threshold`,
    );
  }
  if (tally.unestimatedTasks > 0) {
    notes.push(
      `${options.operation} cannot say its calls before it runs (they depend on what it finds): ${tally.unestimatedTasks} task(s) not counted`,
    );
  }
  if (tally.upperBound) {
    notes.push('an upper bound: counted as if no object already had what the operation gives it');
  }
  if (requests['DeleteObjects']) {
    notes.push('deletes counted as full DeleteObjects batches of up to 1,000 keys');
  }
  notes.push(
    `AWS Batch: one worker at ${MEASURED_WORKER_RATE.requestsPerSecond.toFixed(0)} requests/s (${MEASURED_WORKER_RATE.source})`,
  );
  return {
    tasks: tally.tasks,
    requests,
    requestsByType: byType,
    bytes: {
      objects: tally.objectBytes,
      client: tally.clientBytes,
      unknownSizes: tally.unknownSizes,
    },
    unestimatedTasks: tally.unestimatedTasks,
    upperBound: tally.upperBound,
    priceTable: { date: table.date, region: options.region, currency: table.currency },
    executors: prices
      ? priceExecutors({ operation: options.operation, tasks: tally.tasks, requests }, prices)
      : [],
    notes,
  };
}
