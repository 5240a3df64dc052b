import type { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'fast-csv';
import { TaskFailure } from '../errors.js';
import {
  CellError,
  dynamoDbImportSpecSchema,
  rowToItem,
  type DynamoDbImportSpec,
  type ImportItem,
} from './dynamodb-import-spec.js';
import { BATCH_WRITE_LIMIT, writeItems } from './dynamodb-import-writer.js';
import { describeObject, readTarget } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationContext, OperationDefinition, Task } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

function dynamoDbClient(context: OperationContext): DynamoDBClient {
  if (!context.dynamodb) {
    throw new TaskFailure(
      'DynamoDbImport needs a DynamoDB client; none was given',
      'NoDynamoDbClient',
      { temporary: false },
    );
  }
  return context.dynamodb;
}

/**
 * Stream one CSV object (header row first) into the table: rows are parsed as they arrive and
 * written 25 at a time, so an object of any size runs in bounded memory. A retried task writes
 * the same items again (puts are idempotent on the table's key).
 */
async function importObject(
  task: Task,
  spec: DynamoDbImportSpec,
  context: OperationContext,
): Promise<{ items: number; bytes: number }> {
  const client = dynamoDbClient(context);
  const { GetObjectCommand } = await loadSdk('s3');
  const res = await context.s3.source.send(new GetObjectCommand(readTarget(task, context)), {
    abortSignal: context.signal,
  });
  const body = res.Body as Readable | undefined;
  const parser = parse<Record<string, string>, Record<string, string>>({
    headers: (headers) => headers.map((h) => h?.replace(/^\uFEFF/, '').trim()),
    delimiter: spec.Delimiter ?? ',',
    ignoreEmpty: true,
    trim: false,
  });
  body?.on('error', (error) => parser.destroy(error));
  body?.pipe(parser);
  if (!body) parser.end();

  const createdAt = new Date().toISOString();
  const writer = { client, tableName: spec.TableName, signal: context.signal };
  let batch: ImportItem[] = [];
  let items = 0;
  let line = 1;
  const flush = async () => {
    try {
      await writeItems(batch, writer);
    } catch (error) {
      throw rejectedBatch(error, task, line - batch.length + 1, line);
    }
    items += batch.length;
    batch = [];
  };
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      batch.push(rowToItem(row, spec, createdAt));
      if (batch.length === BATCH_WRITE_LIMIT) await flush();
    }
    await flush();
  } catch (error) {
    body?.destroy();
    if (error instanceof CellError) {
      throw new TaskFailure(`${describeObject(task)}:${line}: ${error.message}`, 'InvalidCsvCell', {
        temporary: false,
        cause: error,
      });
    }
    if (error instanceof Error && /column header mismatch|Parse Error/i.test(error.message)) {
      throw new TaskFailure(`${describeObject(task)}: ${error.message}`, 'InvalidCsv', {
        temporary: false,
        cause: error,
      });
    }
    throw error;
  }
  return { items, bytes: res.ContentLength ?? 0 };
}

/**
 * DynamoDB refuses a whole batch for one bad item (a key missing or of the wrong type): say which
 * rows, so a person can find it. Other errors (throttling, network) keep their classification.
 */
function rejectedBatch(error: unknown, task: Task, first: number, last: number): unknown {
  if (!(error instanceof Error) || error.name !== 'ValidationException') return error;
  return new TaskFailure(
    `${describeObject(task)}:${first}-${last}: ${error.message}`,
    'ValidationException',
    { temporary: false, httpStatus: 400, cause: error },
  );
}

/** s3bulk's own: import the CSV rows of each manifest object into a DynamoDB table. */
export const dynamoDbImportDefinition: OperationDefinition<DynamoDbImportSpec> = {
  name: 'DynamoDbImport',
  parse: (value) => parseSpec(dynamoDbImportSpecSchema(), value, 'DynamoDbImport'),
  create(spec): Operation {
    return {
      name: 'DynamoDbImport',
      spec,
      async run(task, context) {
        const { items, bytes } = await importObject(task, spec, context);
        return {
          message: `imported ${items} item${items === 1 ? '' : 's'} into ${spec.TableName}`,
          bytes,
          clientBytes: bytes,
        };
      },
    };
  },
};
