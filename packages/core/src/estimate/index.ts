export { FARGATE_MINIMUM_SECONDS, MEASURED_WORKER_RATE, WORKER_TASK_SIZE } from './constants.js';
export { estimateJob, type EstimateOptions } from './estimate-job.js';
export { priceExecutors, type PricedWork } from './executor-prices.js';
export { PRICE_TABLE, priceTableRegions, regionPrices } from './price-table.js';
export { RequestTally } from './request-tally.js';
export { REQUEST_TYPE_ORDER, requestTypeOf } from './request-types.js';
export type {
  ExecutorName,
  ExecutorPrice,
  JobEstimate,
  PricePart,
  PriceTable,
  PriceTier,
  RegionPrices,
  RequestType,
} from './types.js';
