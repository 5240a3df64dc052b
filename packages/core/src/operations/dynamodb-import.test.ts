import { Readable } from 'node:stream';
import {
  BatchWriteItemCommand,
  DynamoDBClient,
  DynamoDBServiceException,
  type BatchWriteItemCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { TaskFailure } from '../errors.js';
import { classifyError } from '../s3/errors.js';
import { dynamoDbImportDefinition } from './dynamodb-import.js';
import type { DynamoDbImportSpec } from './dynamodb-import-spec.js';
import { writeItems } from './dynamodb-import-writer.js';
import type { OperationContext, Task } from './types.js';

const dynamoMock = mockClient(DynamoDBClient);
const s3Mock = mockClient(S3Client);
const dynamodb = new DynamoDBClient({ region: 'us-east-1' });
const TABLE = 'users';

const task: Task = {
  id: '1',
  object: { bucket: 'imports', key: 'in/users.csv' },
  location: { source: 'manifest.csv', line: 1 },
};

function context(): OperationContext {
  const s3 = new S3Client({ region: 'us-east-1' });
  return {
    s3: { source: s3, destination: s3 },
    crossEndpoint: false,
    dynamodb,
    signal: new AbortController().signal,
    jobId: 'job-ddb',
    settings: DEFAULT_OPERATION_SETTINGS,
  };
}

/** The object the task names holds `csv`. */
function objectHolds(csv: string) {
  s3Mock.on(GetObjectCommand).callsFake(() => ({
    Body: Readable.from([Buffer.from(csv)]) as unknown as GetObjectCommandOutput['Body'],
    ContentLength: Buffer.byteLength(csv),
  }));
}

function csvOf(rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => `u${i},${i}`);
  return `id,number\n${lines.join('\n')}\n`;
}

function importOf(spec: Partial<DynamoDbImportSpec> = {}) {
  return dynamoDbImportDefinition.create(
    dynamoDbImportDefinition.parse({ TableName: TABLE, ...spec }),
  );
}

/** The put requests of every BatchWriteItem call, in order. */
function sentBatches(): WriteRequest[][] {
  return dynamoMock
    .commandCalls(BatchWriteItemCommand)
    .map((call) => (call.args[0].input as BatchWriteItemCommandInput).RequestItems?.[TABLE] ?? []);
}

function validation(message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({
    name: 'ValidationException',
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

afterEach(() => {
  dynamoMock.reset();
  s3Mock.reset();
});

describe('operation: DynamoDbImport', () => {
  it.each([
    [60, [25, 25, 10]],
    [25, [25]],
    [26, [25, 1]],
    [1, [1]],
  ])('writes %i rows in BatchWriteItem calls of %j', async (rows, sizes) => {
    // Prepare
    objectHolds(csvOf(rows));
    dynamoMock.on(BatchWriteItemCommand).resolves({ UnprocessedItems: {} });

    // Act
    const outcome = await importOf().run(task, context());

    // Assess
    const batches = sentBatches();
    expect(batches.map((b) => b.length)).toEqual(sizes);
    const ids = batches.flat().map((r) => r.PutRequest?.Item?.id?.S);
    expect(ids).toEqual(Array.from({ length: rows }, (_, i) => `u${i}`));
    expect(outcome.message).toBe(`imported ${rows} item${rows === 1 ? '' : 's'} into ${TABLE}`);
  });

  it('adds one createdAt timestamp to every item, or the attribute the spec names', async () => {
    // Prepare
    objectHolds(csvOf(3));
    dynamoMock.on(BatchWriteItemCommand).resolves({});
    const before = Date.now();

    // Act
    await importOf().run(task, context());
    await importOf({ CreatedAtAttribute: 'importedAt' }).run(task, context());

    // Assess
    const [first, second] = sentBatches();
    const stamps = first!.map((r) => r.PutRequest?.Item?.createdAt?.S);
    expect(new Set(stamps).size).toBe(1);
    expect(Date.parse(stamps[0]!)).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(stamps[0]!).toISOString()).toBe(stamps[0]);
    expect(second![0]?.PutRequest?.Item).toMatchObject({ importedAt: { S: expect.any(String) } });
    expect(second![0]?.PutRequest?.Item?.createdAt).toBeUndefined();
  });

  it('retries UnprocessedItems until all are written', async () => {
    // Prepare: the first call leaves two items, the second one of them.
    objectHolds(csvOf(5));
    dynamoMock
      .on(BatchWriteItemCommand)
      .callsFakeOnce((input: BatchWriteItemCommandInput) => ({
        UnprocessedItems: { [TABLE]: input.RequestItems![TABLE]!.slice(3) },
      }))
      .callsFakeOnce((input: BatchWriteItemCommandInput) => ({
        UnprocessedItems: { [TABLE]: input.RequestItems![TABLE]!.slice(1) },
      }))
      .resolves({ UnprocessedItems: {} });

    // Act
    const outcome = await importOf().run(task, context());

    // Assess
    const ids = sentBatches().map((b) => b.map((r) => r.PutRequest?.Item?.id?.S));
    expect(ids).toEqual([['u0', 'u1', 'u2', 'u3', 'u4'], ['u3', 'u4'], ['u4']]);
    expect(outcome.message).toBe(`imported 5 items into ${TABLE}`);
  });

  it('gives up after the bounded rounds with a temporary UnprocessedItems failure', async () => {
    // Prepare: one item is never taken.
    const items = [{ id: { S: 'a' } }, { id: { S: 'b' } }];
    dynamoMock.on(BatchWriteItemCommand).callsFake((input: BatchWriteItemCommandInput) => ({
      UnprocessedItems: { [TABLE]: input.RequestItems![TABLE]!.slice(-1) },
    }));

    // Act
    const error = await writeItems(items, {
      client: dynamodb,
      tableName: TABLE,
      signal: new AbortController().signal,
      maxRounds: 3,
      baseDelayMs: 1,
    }).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TaskFailure);
    expect(classifyError(error)).toMatchObject({ code: 'UnprocessedItems', temporary: true });
    expect((error as Error).message).toBe(
      `1 of 2 items stayed unprocessed by table ${TABLE} after 3 BatchWriteItem calls ` +
        '(throttled: raise the write capacity or lower the concurrency)',
    );
    expect(sentBatches()).toHaveLength(3);
  });

  it('writes two rows with one key in order, the later winning, where DynamoDB refuses them together', async () => {
    // Prepare: DynamoDB refuses a batch in which a key repeats.
    objectHolds('id,v\na,1\nb,1\na,2\nc,1\n');
    dynamoMock.on(BatchWriteItemCommand).callsFake((input: BatchWriteItemCommandInput) => {
      const ids = input.RequestItems![TABLE]!.map((r) => r.PutRequest?.Item?.id?.S);
      if (new Set(ids).size < ids.length) {
        throw validation('Provided list of item keys contains duplicates');
      }
      return {};
    });

    // Act
    const outcome = await importOf().run(task, context());

    // Assess
    const written = sentBatches()
      .slice(1)
      .flat()
      .map((r) => `${r.PutRequest?.Item?.id?.S}=${r.PutRequest?.Item?.v?.S}`);
    expect(written).toEqual(['a=1', 'b=1', 'a=2', 'c=1']);
    expect(outcome.message).toBe(`imported 4 items into ${TABLE}`);
  });

  it('names the rows of a batch DynamoDB refuses, as a permanent failure', async () => {
    // Prepare
    objectHolds(csvOf(30));
    dynamoMock
      .on(BatchWriteItemCommand)
      .resolvesOnce({})
      .rejects(validation('One or more parameter values were invalid: Missing the key id'));

    // Act
    const error = await importOf()
      .run(task, context())
      .catch((e: unknown) => e);

    // Assess
    expect(classifyError(error)).toMatchObject({
      code: 'ValidationException',
      temporary: false,
      httpStatus: 400,
    });
    expect((error as Error).message).toBe(
      's3://imports/in/users.csv:27-31: One or more parameter values were invalid: Missing the key id',
    );
  });

  it.each([
    ['12345678901234567890123', '12345678901234567890123'],
    ['0.1000000000000000055511151231257827', '0.1000000000000000055511151231257827'],
    [' -1.5e10 ', '-1.5e10'],
    ['9007199254740993', '9007199254740993'],
  ])('keeps the number %j exactly as N %j', async (cell, n) => {
    // Prepare
    objectHolds(`id,number\nx,${cell}\n`);
    dynamoMock.on(BatchWriteItemCommand).resolves({});

    // Act
    await importOf({ Columns: { number: { Type: 'N' } } }).run(task, context());

    // Assess
    expect(sentBatches()[0]?.[0]?.PutRequest?.Item?.number).toEqual({ N: n });
  });

  it.each([
    ['0x10', /"0x10" is not a number/],
    ['Infinity', /"Infinity" is not a number/],
    ['1,5', /is not a number/],
    ['1'.repeat(39), /more than 38 significant digits/],
  ])('refuses the number cell %j before writing', async (cell, message) => {
    // Prepare
    objectHolds(`id,number\nx,"${cell}"\n`);
    dynamoMock.on(BatchWriteItemCommand).resolves({});

    // Act
    const error = await importOf({ Columns: { number: { Type: 'N' } } })
      .run(task, context())
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ code: 'InvalidCsvCell', temporary: false });
    expect((error as Error).message).toMatch(message);
    expect(sentBatches()).toEqual([]);
  });
});
