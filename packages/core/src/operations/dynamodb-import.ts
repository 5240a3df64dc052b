import type { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { parse } from 'fast-csv';
import { TaskFailure } from '../errors.js';
import {
  CellError,
  dynamoDbImportSpecSchema,
  rowToItem,
  type DynamoDbImportSpec,
  type ItemValue,
} from './dynamodb-import-spec.js';
import { BATCH_WRITE_LIMIT, writeItems } from './dynamodb-import-writer.js';
import { describeObject, readTarget } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationContext, OperationDefinition, Task } from './types.js';

// One document client per injected DynamoDB client: marshalling options are the same for all.
const documentClients = new WeakMap<DynamoDBClient, DynamoDBDocumentClient>();

function documentClient(context: OperationContext): DynamoDBDocumentClient {
  const client = context.dynamodb;
  if (!client) {
    throw new TaskFailure(
      'DynamoDbImport needs a DynamoDB client; none was given',
      'NoDynamoDbClient',
      {
        temporary: false,
      },
    );
  }
  let doc = documentClients.get(client);
  if (!doc) {
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    documentClients.set(client, doc);
  }
  return doc;
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
  const client = documentClient(context);
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
  let batch: Record<string, ItemValue>[] = [];
  let items = 0;
  let line = 1;
  try {
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      line++;
      batch.push(rowToItem(row, spec, createdAt));
      if (batch.length === BATCH_WRITE_LIMIT) {
        await writeItems(batch, writer);
        items += batch.length;
        batch = [];
      }
    }
    await writeItems(batch, writer);
    items += batch.length;
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

/** s3bulk's own: import the CSV rows of each manifest object into a DynamoDB table. */
export const dynamoDbImportDefinition: OperationDefinition<DynamoDbImportSpec> = {
  name: 'DynamoDbImport',
  parse: (value) => parseSpec(dynamoDbImportSpecSchema, value, 'DynamoDbImport'),
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
