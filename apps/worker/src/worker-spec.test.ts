import { describe, expect, it } from 'vitest';
import { parseWorkerInput } from './worker-spec.js';

describe('worker: input', () => {
  it('reads the seed command and the Batch environment into a seed job', () => {
    // Act
    const input = parseWorkerInput(
      ['in-bucket', 'input/s3_batch_sync_input-a.csv', 'True', 'False'],
      {
        AWS_BATCH_JOB_ID: '8a1b2c3d-aaaa-bbbb-cccc-000000000000:7',
        AWS_BATCH_JOB_ARRAY_INDEX: '7',
        S3BULK_SHARDS: '10',
        AWS_BATCH_JOB_ATTEMPT: '2',
        S3BULK_REPORT: 's3://reports/r',
        S3BULK_CONCURRENCY: '16',
        AWS_REGION: 'eu-west-1',
      },
    );

    // Assess
    expect(input).toMatchObject({
      source: {
        kind: 'seed',
        seed: {
          manifest: { location: 's3://in-bucket/input/s3_batch_sync_input-a.csv', header: true },
          syncDelete: false,
          report: { location: 's3://reports/r/', scope: 'AllTasks' },
          engine: { concurrency: 16 },
        },
      },
      jobId: '8a1b2c3d-aaaa-bbbb-cccc-000000000000',
      shard: { index: 7, count: 10 },
      attempt: 2,
      checkpoint: 's3://in-bucket/.s3bulk/checkpoints/',
      aws: { region: 'eu-west-1' },
    });
    // No format given: core guesses it from the file, as `run` does.
    expect(input.source.kind === 'seed' && 'format' in input.source.seed.manifest).toBe(false);
  });

  it('takes the spec submit wrote, with the checkpoint and job id its location names', () => {
    // Act
    const input = parseWorkerInput(['ignored-bucket', 'ignored.csv'], {
      S3BULK_SPEC: 's3://ops/.s3bulk/checkpoints/job-42/spec.json',
      AWS_BATCH_JOB_ARRAY_INDEX: '1',
      S3BULK_SHARDS: '3',
    });

    // Assess
    expect(input).toMatchObject({
      source: { kind: 'file', location: 's3://ops/.s3bulk/checkpoints/job-42/spec.json' },
      jobId: 'job-42',
      checkpoint: 's3://ops/.s3bulk/checkpoints/',
      shard: { index: 1, count: 3 },
    });
  });

  it('imports the one object when only a table name is set (the DynamoDB seed)', () => {
    const input = parseWorkerInput(['b-b-b', 'data.csv'], { S3BULK_TABLE_NAME: 't1' });
    expect(input.source).toMatchObject({
      kind: 'seed',
      seed: { manifest: { format: 'object', location: 's3://b-b-b/data.csv' }, tableName: 't1' },
    });
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
    [['b-b-b', 'k'], { S3BULK_OPERATION: '{nope' }, /S3BULK_OPERATION is not JSON/],
    [[], { S3BULK_SPEC: '/tmp/spec.json' }, /S3BULK_SPEC must be an s3:\/\/ URL/],
    [[], { S3BULK_SPEC: 's3://b/spec.json' }, /is not <checkpoint>\/<jobId>\/spec.json/],
  ])('rejects %o %o', (argv, env, message) => {
    expect(() => parseWorkerInput(argv, env)).toThrow(message);
  });
});
