import type { JobEstimate } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { describeEstimate, formatUsd } from './estimate-view.js';

const ESTIMATE: JobEstimate = {
  tasks: 3,
  requests: { CopyObject: 2, DeleteObjects: 1, ListObjectsV2: 2 },
  requestsByType: { LIST: 2, COPY: 2, PUT: 0, POST: 0, GET: 0, HEAD: 0, DELETE: 1, LAMBDA: 0 },
  bytes: { objects: 2048, client: 0, unknownSizes: 1 },
  unestimatedTasks: 0,
  upperBound: false,
  priceTable: { date: '2026-12-07', region: 'us-east-1', currency: 'USD' },
  executors: [
    {
      executor: 'local',
      usd: 0.00002,
      incomplete: false,
      parts: [{ name: 'S3 PUT/COPY/POST/LIST', usd: 0.00002, basis: '4 requests' }],
    },
    {
      executor: 's3-batch-operations',
      usd: 0.25,
      incomplete: true,
      parts: [
        { name: 'job fee', usd: 0.25, basis: '1 job' },
        { name: 'object fee', usd: null, basis: '3 objects' },
      ],
    },
  ],
  notes: ['deletes counted as full DeleteObjects batches of up to 1,000 keys'],
};

describe('render: estimate', () => {
  it('prints requests by type, bytes, a line per executor and the notes', () => {
    // Act
    const lines = describeEstimate(ESTIMATE);

    // Assess
    expect(lines[0]).toBe(
      'Estimate (prices of us-east-1, price table of 2026-12-07; see docs/cost.md):',
    );
    expect(lines).toContain('  requests  LIST 2, COPY 2, DELETE 1');
    expect(lines).toContain('            (CopyObject 2, DeleteObjects 1, ListObjectsV2 2)');
    expect(lines.find((l) => l.startsWith('  bytes'))).toMatch(
      /of objects, 0 B through this process; bytes unknown for 1 tasks$/,
    );
    expect(lines.find((l) => l.includes('s3-batch-operations'))).toMatch(
      />= \$0\.25 +job fee \$0\.25, object fee no figure$/,
    );
    expect(lines.at(-1)).toBe(
      '  note: deletes counted as full DeleteObjects batches of up to 1,000 keys',
    );
  });

  it.each([
    [0, '$0'],
    [1.234, '$1.23'],
    [0.000123, '$0.00012'],
  ])('formats %d as %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});
