import { describe, expect, it } from 'vitest';
import { resolveShardSpec, type SeedJob } from './shard-spec.js';

const seed = (over: Partial<SeedJob>): SeedJob => ({
  manifest: { location: 's3://in-bucket/m.csv', format: 'pairs' },
  syncDelete: false,
  engine: {},
  aws: {},
  ...over,
});

describe('aws-batch: the spec of the seed form', () => {
  it.each([
    [
      'a pairs manifest copies/syncs with sync_delete',
      seed({ syncDelete: true }),
      {
        S3BulkPairs: { SyncDelete: true },
      },
    ],
    [
      'a pairs operation takes sync_delete unless it says SyncDelete',
      seed({ syncDelete: true, operation: { S3BulkPairs: { StorageClass: 'STANDARD_IA' } } }),
      { S3BulkPairs: { StorageClass: 'STANDARD_IA', SyncDelete: true } },
    ],
    [
      'a table name alone imports the object itself',
      seed({ manifest: { format: 'object', location: 's3://in-bucket/u.csv' }, tableName: 't1' }),
      { DynamoDbImport: { TableName: 't1' } },
    ],
  ])('%s', async (_name, input, operation) => {
    // Act
    const spec = await resolveShardSpec(
      { kind: 'seed', seed: input },
      { jobId: 'seed-job', aws: { region: 'eu-west-1' } },
    );

    // Assess
    expect(spec).toMatchObject({
      version: 1,
      jobId: 'seed-job',
      operation,
      aws: { region: 'eu-west-1' },
    });
  });

  it('refuses a csv manifest without an operation, saying what to set', async () => {
    await expect(
      resolveShardSpec(
        {
          kind: 'seed',
          seed: seed({ manifest: { location: 's3://in-bucket/m.csv', format: 'csv' } }),
        },
        { jobId: 'seed-job', aws: {} },
      ),
    ).rejects.toThrow(/needs an operation: --operation or S3BULK_OPERATION/);
  });
});
