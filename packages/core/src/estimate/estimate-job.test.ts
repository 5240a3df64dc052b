import { describe, expect, it } from 'vitest';
import { estimateJob } from './estimate-job.js';
import { PRICE_TABLE } from './price-table.js';
import { RequestTally } from './request-tally.js';
import type { ExecutorPrice, JobEstimate } from './types.js';

function tallyOf(tasks: number, perTask: Record<string, number>, listings = 0): RequestTally {
  const tally = new RequestTally();
  if (listings > 0) tally.count('ListObjectsV2', listings);
  for (let i = 0; i < tasks; i++) {
    tally.addTask(
      {
        id: String(i),
        object: { bucket: 'b', key: `k${i}` },
        facts: { size: 10 },
        location: { source: 'm', line: i },
      },
      { requests: perTask, clientBytes: 0 },
    );
  }
  return tally;
}

const executor = (estimate: JobEstimate, name: ExecutorPrice['executor']) =>
  estimate.executors.find((e) => e.executor === name) as ExecutorPrice;
const partOf = (price: ExecutorPrice, name: string) => price.parts.find((p) => p.name === name);

describe('estimate: job estimate', () => {
  it('sorts calls into billing types and prices them in-process', () => {
    // Act
    const estimate = estimateJob(tallyOf(2000, { CopyObject: 1, HeadObject: 1 }, 2), {
      operation: 'S3PutObjectCopy',
      region: 'us-east-1',
    });

    // Assess
    expect(estimate.requestsByType).toMatchObject({ LIST: 2, COPY: 2000, HEAD: 2000, GET: 0 });
    expect(estimate.bytes).toEqual({ objects: 20_000, client: 0, unknownSizes: 0 });
    expect(estimate.priceTable).toEqual({
      date: PRICE_TABLE.date,
      region: 'us-east-1',
      currency: 'USD',
    });
    const local = executor(estimate, 'local');
    expect(local.usd).toBeCloseTo((2002 / 1000) * 0.005 + (2000 / 1000) * 0.0004, 10);
    expect(local.incomplete).toBe(false);
  });

  it('bills AWS Batch for at least a minute of one worker at the measured rate', () => {
    // Act
    const estimate = estimateJob(tallyOf(10, { PutObjectTagging: 1 }), {
      operation: 'S3PutObjectTagging',
      region: 'us-east-1',
    });

    // Assess
    const batch = executor(estimate, 'aws-batch');
    expect(partOf(batch, 'Fargate vCPU')).toMatchObject({ basis: '60 s x 1 vCPU' });
    expect(partOf(batch, 'Fargate vCPU')?.usd).toBeCloseTo((60 / 3600) * 0.04048, 10);
    expect(partOf(batch, 'Fargate memory')?.usd).toBeCloseTo((60 / 3600) * 2 * 0.004445, 10);
  });

  it('adds the job and object fees and, for s3bulk operations, the handler to S3 Batch Operations', () => {
    // Act
    const estimate = estimateJob(tallyOf(4, { CopyObject: 1 }), {
      operation: 'S3BulkPairs',
      region: 'us-east-1',
    });

    // Assess
    const managed = executor(estimate, 's3-batch-operations');
    expect(partOf(managed, 'job fee')?.usd).toBe(0.25);
    // No published per-object figure was found: said, and the total is a lower bound.
    expect(partOf(managed, 'object fee')?.usd).toBeNull();
    expect(partOf(managed, 'Lambda requests')?.usd).toBeCloseTo(4 * 0.2e-6, 12);
    expect(managed.incomplete).toBe(true);
  });

  it('prices the Invoke calls of LambdaInvoke in every executor, its duration unknown', () => {
    // Act
    const estimate = estimateJob(tallyOf(3, { Invoke: 1 }), {
      operation: 'LambdaInvoke',
      region: 'us-east-1',
    });

    // Assess
    expect(estimate.requestsByType.LAMBDA).toBe(3);
    for (const price of estimate.executors) {
      expect(partOf(price, 'Lambda requests')?.usd).toBeCloseTo(3 * 0.2e-6, 12);
      expect(partOf(price, 'Lambda duration')?.usd).toBeNull();
    }
  });

  it('says S3 Batch Operations cannot run a DynamoDB import', () => {
    // Act
    const estimate = estimateJob(new RequestTally(), {
      operation: 'DynamoDbImport',
      region: 'us-east-1',
    });

    // Assess
    expect(executor(estimate, 's3-batch-operations').unavailable).toMatch(
      /imports CSV rows, not objects/,
    );
  });

  it('names the regions the table has for one it lacks, and still counts', () => {
    // Act
    const estimate = estimateJob(tallyOf(1, { CopyObject: 1 }), {
      operation: 'S3PutObjectCopy',
      region: 'mars-north-1',
    });

    // Assess
    expect(estimate.executors).toEqual([]);
    expect(estimate.requests).toEqual({ CopyObject: 1 });
    expect(estimate.notes[0]).toBe(
      `no prices for region mars-north-1: the price table (${PRICE_TABLE.date}) has ap-southeast-2, eu-central-1, eu-west-1, us-east-1, us-west-2`,
    );
  });

  it('has every region the docs promise, with a date and its sources', () => {
    expect(Object.keys(PRICE_TABLE.regions)).toEqual(
      expect.arrayContaining([
        'us-east-1',
        'us-west-2',
        'eu-west-1',
        'eu-central-1',
        'ap-southeast-2',
      ]),
    );
    expect(PRICE_TABLE.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.sources.length).toBeGreaterThan(0);
  });
});
