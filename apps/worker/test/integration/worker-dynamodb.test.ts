import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, spawnWorker } from '../worker-process.js';

const emulator = useEmulator();
let bundle: string;

beforeAll(() => {
  bundle = bundleWorker();
});

describe('worker: the DynamoDB import job of the seed', { timeout: 120_000 }, () => {
  it('imports every row of the uploaded CSV into S3BULK_TABLE_NAME', async () => {
    // Prepare
    const { endpoint, region, accessKeyId, secretAccessKey } = emulator.info;
    const dynamodb = new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey },
    });
    const table = `batch-test-table-${Date.now().toString(36)}`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const bucket = await emulator.createBucket('batch-test-bucket');
    const rows = Array.from({ length: 60 }, (_, i) => `${1000 + i},${i * 3}`);
    await emulator.putObjects(bucket, { 'sample-zip.csv': `id,number\n${rows.join('\n')}\n` });

    // Act
    const exit = await spawnWorker(
      bundle,
      [bucket, 'sample-zip.csv'],
      emulator.processEnv({ S3BULK_TABLE_NAME: table, S3BULK_JOB_ID: 'import-1' }),
    ).done;

    // Assess
    expect(exit.code, exit.stderr).toBe(0);
    const items = (
      await DynamoDBDocumentClient.from(dynamodb).send(new ScanCommand({ TableName: table }))
    ).Items;
    expect(items).toHaveLength(60);
    expect(items?.find((i) => i.id === '1007')).toMatchObject({ number: '21' });
    expect(items?.every((i) => typeof i.createdAt === 'string')).toBe(true);
    const finished = exit.logs.find((l) => l.message === 'shard finished');
    expect(finished).toMatchObject({ summary: { status: 'Complete', succeeded: 1, failed: 0 } });
  });
});
