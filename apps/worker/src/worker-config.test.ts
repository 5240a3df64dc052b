import { describe, expect, it } from 'vitest';
import { parseWorkerConfig } from './worker-config.js';

describe('worker: config', () => {
  it('reads the seed command and the Batch environment', () => {
    // Act
    const config = parseWorkerConfig(
      ['in-bucket', 'input/s3_batch_sync_input-a.csv', 'True', 'False'],
      {
        AWS_BATCH_JOB_ID: '8a1b2c3d-aaaa-bbbb-cccc-000000000000:7',
        AWS_BATCH_JOB_ARRAY_INDEX: '7',
        S3BULK_SHARDS: '10',
        AWS_BATCH_JOB_ATTEMPT: '2',
        S3BULK_REPORT: 's3://reports/r',
        AWS_REGION: 'eu-west-1',
      },
    );

    // Assess
    expect(config).toMatchObject({
      manifest: {
        bucket: 'in-bucket',
        key: 'input/s3_batch_sync_input-a.csv',
        format: 'pairs',
        header: true,
      },
      syncDelete: false,
      jobId: '8a1b2c3d-aaaa-bbbb-cccc-000000000000',
      shard: { index: 7, count: 10 },
      attempt: 2,
      checkpoint: 's3://in-bucket/.s3bulk/checkpoints/',
      report: { location: 's3://reports/r/', scope: 'AllTasks' },
      aws: { region: 'eu-west-1' },
    });
  });

  it('lets a flag win over its environment variable', () => {
    // Act
    const config = parseWorkerConfig(['b-b-b', 'k', '--concurrency', '5', '--format', 'csv'], {
      S3BULK_CONCURRENCY: '99',
      S3BULK_MANIFEST_FORMAT: 'inventory',
    });

    // Assess
    expect(config.concurrency).toBe(5);
    expect(config.manifest.format).toBe('csv');
  });

  it('defaults to the one-object import when only a table name is set (the DynamoDB seed)', () => {
    expect(
      parseWorkerConfig(['b-b-b', 'data.csv'], { S3BULK_TABLE_NAME: 't1' }).manifest.format,
    ).toBe('object');
  });

  it.each([
    [[], {}, /expected <bucket> <key>/],
    [['Bad_Bucket', 'k'], {}, /not a valid bucket name/],
    [['b-b-b', 'k', 'maybe'], {}, /header must be True or False/],
    [['b-b-b', 'k', '--nope'], {}, /Unknown option '--nope'/],
    [['b-b-b', 'k'], { AWS_BATCH_JOB_ARRAY_INDEX: '3', S3BULK_SHARDS: '3' }, /shard index must be/],
    [['b-b-b', 'k'], { S3BULK_CONCURRENCY: '0' }, /concurrency must be an integer >= 1/],
    [['b-b-b', 'k'], { S3BULK_SHARDS: '4' }, /4 shards but no AWS_BATCH_JOB_ARRAY_INDEX/],
    [['b-b-b', 'k'], { S3BULK_MANIFEST_FORMAT: 'xml' }, /manifest format must be one of/],
    [['b-b-b', 'k'], { S3BULK_CHECKPOINT: '/tmp/x' }, /checkpoint must be an s3:\/\/ URL/],
  ])('rejects %o %o', (argv, env, message) => {
    expect(() => parseWorkerConfig(argv, env)).toThrow(message);
  });
});
