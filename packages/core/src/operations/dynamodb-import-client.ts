import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadSdk } from '../config/load-sdk.js';
import { createHttpHandler } from '../s3/client.js';

export interface DynamoDbClientOptions {
  readonly region?: string;
  /** A custom endpoint (DynamoDB Local, an emulator). */
  readonly endpointUrl?: string;
  /** Sockets in the keep-alive pool. @default 64 */
  readonly maxSockets?: number;
}

/**
 * The DynamoDB client `DynamoDbImport` needs, for edges to build and pass in
 * (`OperationContext.dynamodb`). The SDK's own retries stay on: BatchWriteItem throttling is
 * retried there, unprocessed items by the operation.
 */
export async function createDynamoDbClient(
  options: DynamoDbClientOptions = {},
): Promise<DynamoDBClient> {
  const { DynamoDBClient } = await loadSdk('dynamodb');
  return new DynamoDBClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    requestHandler: await createHttpHandler(options.maxSockets),
  });
}

/** Whether a job's operation needs a DynamoDB client. */
export function needsDynamoDb(operationName: string): boolean {
  return operationName === 'DynamoDbImport';
}
