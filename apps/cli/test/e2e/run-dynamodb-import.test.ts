import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { csvManifest, jobSummary, runJob, seedBucket } from './cli-job.js';
import { reportRows, requireBuiltCli, tempDir } from './run-cli.js';

describe('s3bulk run: DynamoDbImport', () => {
  const emulator = useEmulator();

  it('imports every CSV row of the listed objects into the table, one report row per object', async () => {
    requireBuiltCli();
    // Prepare: a table, two CSV objects and one that is missing.
    const { endpoint, region, accessKeyId, secretAccessKey } = emulator.info;
    const dynamodb = new DynamoDBClient({
      endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey },
    });
    const table = `cli-import-${Date.now().toString(36)}`;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const rows = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => `${from + i},${(from + i) * 2}`).join('\n');
    const bucket = await seedBucket(emulator, 'cli-import', {
      'a.csv': `id,number\n${rows(1, 30)}\n`,
      'b.csv': `id,number\n${rows(100, 7)}\n`,
    });
    const dir = await tempDir();
    const manifest = await csvManifest(dir, bucket, ['a.csv', 'b.csv', 'missing.csv']);
    const operation = JSON.stringify({
      DynamoDbImport: { TableName: table, Columns: { number: { Type: 'N' } } },
    });

    // Act
    const result = await runJob(emulator.processEnv(), { manifest, operation, dir });

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
    const items = (await dynamodb.send(new ScanCommand({ TableName: table }))).Items ?? [];
    expect(items).toHaveLength(37);
    expect(items.find((i) => i.id?.S === '105')).toMatchObject({ number: { N: '210' } });
    expect(items.every((i) => typeof i.createdAt?.S === 'string')).toBe(true);
    const report = await reportRows(summary.reportPath);
    const byKey = Object.fromEntries(report.map((r) => [r.key, r]));
    expect(Object.keys(byKey).sort()).toEqual(['a.csv', 'b.csv', 'missing.csv']);
    expect(byKey['a.csv']).toMatchObject({ status: 'succeeded' });
    expect(byKey['a.csv']?.message).toMatch(/30 items/);
    expect(byKey['b.csv']?.message).toMatch(/7 items/);
    expect(byKey['missing.csv']).toMatchObject({ status: 'failed' });
    dynamodb.destroy();
  });
});
