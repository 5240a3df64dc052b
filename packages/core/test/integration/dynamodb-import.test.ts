import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import { TaskFailure } from '../../src/errors.js';
import type { ObjectEntry } from '../../src/manifest/types.js';
import { dynamoDbImportDefinition } from '../../src/operations/dynamodb-import.js';
import { parseOperation } from '../../src/operations/registry.js';
import type { OperationContext, Task } from '../../src/operations/types.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { collect, inBatches, testSettings, testSpec } from './engine-fixtures.js';

const emulator = useEmulator();
const dynamodb = new DynamoDBClient({
  endpoint: emulator.info.endpoint,
  region: emulator.info.region,
  credentials: {
    accessKeyId: emulator.info.accessKeyId,
    secretAccessKey: emulator.info.secretAccessKey,
  },
});
const documents = DynamoDBDocumentClient.from(dynamodb);

async function createTable(): Promise<string> {
  const name = `users-${Math.random().toString(36).slice(2, 10)}`;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return name;
}

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

function context(withDynamoDb = true): OperationContext {
  return {
    s3: { source: emulator.s3, destination: emulator.s3 },
    crossEndpoint: false,
    ...(withDynamoDb ? { dynamodb } : {}),
    signal: new AbortController().signal,
    jobId: 'job-ddb',
    settings: DEFAULT_OPERATION_SETTINGS,
  };
}

function task(bucket: string, key: string): Task {
  return { id: '1', object: { bucket, key }, location: { source: 'manifest.csv', line: 1 } };
}

describe('operation: DynamoDbImport', () => {
  it('imports every row of a large object in batches of 25, typed, with createdAt', async () => {
    // Prepare
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    const rows = Array.from(
      { length: 137 },
      (_, i) => `u${String(i).padStart(4, '0')},${i * 10},${i % 2 === 0}`,
    );
    await emulator.putObjects(bucket, {
      'in/users.csv': `\uFEFFid,number,active\n${rows.join('\n')}\n`,
    });
    const operation = dynamoDbImportDefinition.create(
      dynamoDbImportDefinition.parse({
        TableName: table,
        Columns: { number: { Type: 'N' }, active: { Type: 'BOOL', Attribute: 'isActive' } },
      }),
    );

    // Act
    const outcome = await operation.run(task(bucket, 'in/users.csv'), context());

    // Assess
    const items = await scan(table);
    expect(outcome.message).toBe(`imported 137 items into ${table}`);
    expect(items).toHaveLength(137);
    expect(items[3]).toMatchObject({ id: 'u0003', number: 30, isActive: false });
    expect(new Date(String(items[0]!.createdAt)).toISOString()).toBe(items[0]!.createdAt);
  });

  it.each([
    ['an empty object', '', 0],
    ['a header only', 'id,number\n', 0],
    ['quoted cells with commas and newlines', 'id,note\n"a,1","line1\nline2"\nb,\n', 2],
  ])('imports %s', async (_name, body, count) => {
    // Prepare
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    await emulator.putObjects(bucket, { 'x.csv': body });
    const operation = dynamoDbImportDefinition.create({ TableName: table });

    // Act
    const outcome = await operation.run(task(bucket, 'x.csv'), context());

    // Assess
    expect(outcome.message).toBe(`imported ${count} item${count === 1 ? '' : 's'} into ${table}`);
    expect(await scan(table)).toHaveLength(count);
  });

  it('fails the task, permanently, naming the line of a bad number', async () => {
    // Prepare
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    await emulator.putObjects(bucket, { 'bad.csv': 'id,number\na,1\nb,two\n' });
    const operation = dynamoDbImportDefinition.create({
      TableName: table,
      Columns: { number: { Type: 'N' } },
    });

    // Act
    const error = await operation.run(task(bucket, 'bad.csv'), context()).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskFailure);
    expect(error).toMatchObject({ code: 'InvalidCsvCell', temporary: false });
    expect((error as Error).message).toContain(
      `s3://${bucket}/bad.csv:3: column "number": "two" is not a number`,
    );
  });

  it('fails without a DynamoDB client', async () => {
    // Prepare
    const operation = dynamoDbImportDefinition.create({ TableName: 'whatever' });

    // Act & Assess
    await expect(operation.run(task('b', 'k'), context(false))).rejects.toMatchObject({
      code: 'NoDynamoDbClient',
    });
  });

  it('two rows with one key in one batch: both written in order, the later row wins', async () => {
    // Prepare: DynamoDB refuses a BatchWriteItem in which a key repeats.
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    await emulator.putObjects(bucket, { 'dup.csv': 'id,v\na,1\nb,1\na,1\nc,1\na,2\n' });
    const operation = dynamoDbImportDefinition.create({ TableName: table });

    // Act
    const outcome = await operation.run(task(bucket, 'dup.csv'), context());

    // Assess
    expect(outcome.message).toBe(`imported 5 items into ${table}`);
    const items = await scan(table);
    expect(items.map((i) => [i.id, i.v])).toEqual([
      ['a', '2'],
      ['b', '1'],
      ['c', '1'],
    ]);
  });

  it('stores numbers past JavaScript precision digit for digit', async () => {
    // Prepare
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    await emulator.putObjects(bucket, { 'n.csv': 'id,big\nx,12345678901234567890123456789\n' });
    const operation = dynamoDbImportDefinition.create({
      TableName: table,
      Columns: { big: { Type: 'N' } },
    });

    // Act
    await operation.run(task(bucket, 'n.csv'), context());

    // Assess
    const got = await dynamodb.send(
      new GetItemCommand({ TableName: table, Key: { id: { S: 'x' } } }),
    );
    expect(got.Item?.big).toEqual({ N: '12345678901234567890123456789' });
  });

  it('through the engine: every row of every object imported, one report row per object with its count', async () => {
    // Prepare
    const table = await createTable();
    const bucket = await emulator.createBucket('ddb');
    const csv = (from: number, count: number) =>
      `id,n\n${Array.from({ length: count }, (_, i) => `r${from + i},${i}`).join('\n')}\n`;
    await emulator.putObjects(bucket, { 'a.csv': csv(0, 60), 'b.csv': csv(1000, 7) });
    const operationJson = { DynamoDbImport: { TableName: table, Columns: { n: { Type: 'N' } } } };
    const jobId = createJobId();
    const base = await mkdtemp(join(tmpdir(), 's3bulk-ddb-'));
    const keys = ['a.csv', 'b.csv', 'missing.csv'];
    async function* manifest(): AsyncIterable<ObjectEntry> {
      for (const [i, key] of keys.entries()) {
        yield {
          kind: 'object',
          object: { bucket, key },
          location: { source: 'm.csv', line: i + 1 },
        };
      }
    }

    // Act
    const summary = await runJob({
      spec: {
        ...testSpec(jobId, { location: join(base, 'reports'), scope: 'AllTasks' }),
        operation: operationJson,
      },
      operation: parseOperation(operationJson),
      manifest: inBatches(manifest),
      context: { ...context(), jobId },
      store: new LocalJobStore(join(base, 'job')),
      settings: testSettings({ maxAttempts: 2 }),
    });

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 2, failed: 1 });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['a.csv']).toMatchObject({
      status: 'succeeded',
      message: `imported 60 items into ${table}`,
    });
    expect(byKey['b.csv']).toMatchObject({
      status: 'succeeded',
      message: `imported 7 items into ${table}`,
    });
    expect(byKey['missing.csv']).toMatchObject({ status: 'failed', errorCode: 'NoSuchKey' });
    const items = await scan(table);
    expect(items).toHaveLength(67);
    expect(items.every((i) => typeof i.createdAt === 'string' && typeof i.n === 'number')).toBe(
      true,
    );
  });

  it.each([
    [{}, /DynamoDbImport.TableName is required/],
    [{ TableName: 'x' }, /TableName must be 3-255/],
    [
      { TableName: 'users', Columns: { a: { Type: 'X' } } },
      /DynamoDbImport.Columns.a.Type must be one of/,
    ],
    [
      { TableName: 'users', Extra: 1 },
      /DynamoDbImport.Extra is not a known field \(allowed: TableName/,
    ],
  ])('rejects spec %o', (spec, message) => {
    expect(() => dynamoDbImportDefinition.parse(spec)).toThrow(message);
  });
});
