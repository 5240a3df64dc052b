import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../../src/config/defaults.js';
import { TaskFailure } from '../../src/errors.js';
import { dynamoDbImportDefinition } from '../../src/operations/dynamodb-import.js';
import type { OperationContext, Task } from '../../src/operations/types.js';

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
