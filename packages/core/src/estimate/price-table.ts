import type { PriceTable, RegionPrices } from './types.js';

const UNKNOWN: RegionPrices = {
  s3WritePer1000: null,
  s3ReadPer1000: null,
  fargateVcpuHour: null,
  fargateGbHour: null,
  lambdaPerMillionRequests: null,
  lambdaGbSecond: null,
  batchOperationsPerJob: null,
  batchOperationsPerMillionObjects: null,
};

/** Fargate Linux/x86 on-demand, the price group of US East (N. Virginia). */
const FARGATE_US_EAST = { fargateVcpuHour: 0.04048, fargateGbHour: 0.004445 };

/**
 * The prices `plan` estimates with, gathered on the date below from the pages listed. A figure
 * that could not be found in them is `null` and its part of an estimate says "no figure"; the
 * notes say which. Update by editing this table (date, sources, notes) and docs/cost.md.
 */
export const PRICE_TABLE: PriceTable = {
  date: '2026-12-07',
  currency: 'USD',
  sources: [
    'https://aws.amazon.com/s3/pricing/ (the authority; figures below as quoted by https://c3x.dev/blog/s3-request-fees-explained and https://www.cloudkaramchari.com/blog/understanding-per-1000-put-copy-post-or-list-requests-in-amazon-s3-pricing/)',
    'https://www.demo.wlid.nl/s3-storage-classes.html (Frankfurt request prices, from $0.00043 per 1,000)',
    'https://aws.amazon.com/fargate/pricing/ (as quoted by https://www.vantage.sh/blog/fargate-pricing and https://www.factualminds.com/blog/amazon-fargate-ecs-task-pricing-2026/, June 2026); the Japanese edition https://aws.amazon.com/jp/fargate/pricing/ groups us-east-1, us-east-2, us-west-2 and eu-west-1 at one price',
    'https://aws.amazon.com/lambda/pricing/ and https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html',
    'https://aws.amazon.com/s3/pricing/ (Batch Operations, under Management & insights); the $0.25 per job as quoted by https://sysdesign-wiki.pages.dev/systems/s3-batch-operations/ (Yelp, 2025)',
  ],
  notes: [
    'S3 request prices are those of S3 Standard; other storage classes cost more per request, and restores add retrieval fees that are not estimated.',
    'S3 requests: only the us-east-1 figures ($0.005 / $0.0004 per 1,000) and the Frankfurt GET figure ($0.00043) were found; the other regions have no figure here.',
    'Fargate: us-west-2 and eu-west-1 carry us-east-1 prices because AWS prices them in one group; no figure was found for eu-central-1 or ap-southeast-2.',
    'Lambda: the figures found ($0.20 per million requests, $0.0000166667 per GB-second, x86) are for us-east-1; no regional figure was found for the others.',
    'S3 Batch Operations: $0.25 per job was found (us-east-1); no figure for the per-million-objects fee was found in the sources consulted, so it has none here.',
    'Free tiers and savings plans are not applied.',
  ],
  regions: {
    'us-east-1': {
      s3WritePer1000: 0.005,
      s3ReadPer1000: 0.0004,
      ...FARGATE_US_EAST,
      lambdaPerMillionRequests: 0.2,
      lambdaGbSecond: 0.0000166667,
      batchOperationsPerJob: 0.25,
      batchOperationsPerMillionObjects: null,
    },
    'us-west-2': { ...UNKNOWN, ...FARGATE_US_EAST },
    'eu-west-1': { ...UNKNOWN, ...FARGATE_US_EAST },
    'eu-central-1': { ...UNKNOWN, s3ReadPer1000: 0.00043 },
    'ap-southeast-2': UNKNOWN,
  },
};

/** The table's prices for a region, or undefined when it has none. */
export function regionPrices(
  region: string,
  table: PriceTable = PRICE_TABLE,
): RegionPrices | undefined {
  return Object.hasOwn(table.regions, region) ? table.regions[region] : undefined;
}

/** The regions the table has, for a message. */
export function priceTableRegions(table: PriceTable = PRICE_TABLE): string[] {
  return Object.keys(table.regions).sort();
}
