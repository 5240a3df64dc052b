import { describe, expect, it } from 'vitest';
import { buildSubmitJobInput } from './submit.js';

const base = {
  jobName: 's3bulk-copy',
  jobQueue: 'q',
  jobDefinition: 'd:3',
  manifest: { bucket: 'in', key: 'input/s3_batch_sync_input-a.csv' },
};

describe('batch: SubmitJob request', () => {
  it('submits an array job with the seed parameters and environment overrides', () => {
    // Act
    const input = buildSubmitJobInput({
      ...base,
      shards: 8,
      environment: { S3BULK_OPERATION: '{"S3BulkPairs":{}}' },
      attempts: 3,
    });

    // Assess
    expect(input).toEqual({
      jobName: 's3bulk-copy',
      jobQueue: 'q',
      jobDefinition: 'd:3',
      parameters: { s3_bucket: 'in', s3_key: 'input/s3_batch_sync_input-a.csv' },
      arrayProperties: { size: 8 },
      containerOverrides: {
        environment: [{ name: 'S3BULK_OPERATION', value: '{"S3BulkPairs":{}}' }],
      },
      retryStrategy: { attempts: 3 },
      propagateTags: false,
    });
  });

  it('submits a plain job when there is one shard (Batch refuses arrays of 1)', () => {
    // Act
    const input = buildSubmitJobInput({ ...base, shards: 1 });

    // Assess
    expect(input.arrayProperties).toBeUndefined();
    expect(input.containerOverrides).toBeUndefined();
  });

  it.each([
    [{ shards: 0 }, /shards must be an integer from 1 to 10000/],
    [{ shards: 10_001 }, /shards must be/],
    [{ jobName: 'bad name!' }, /not a valid Batch job name/],
  ])('rejects %o', (override, message) => {
    expect(() => buildSubmitJobInput({ ...base, ...override })).toThrow(message);
  });
});
