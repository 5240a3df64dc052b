import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TaskFailure } from '../errors.js';
import type { ItemValue } from './dynamodb-import-spec.js';

/** BatchWriteItem takes at most 25 put requests. */
export const BATCH_WRITE_LIMIT = 25;

export interface BatchWriterOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly signal: AbortSignal;
  /** Rounds for unprocessed items before the task fails (temporary). @default 10 */
  readonly maxRounds?: number;
  /** First backoff; doubles each round, full jitter. @default 50 */
  readonly baseDelayMs?: number;
}

/**
 * Write items in BatchWriteItem calls of 25. DynamoDB returns what it could not take
 * (throttling, partition limits) as UnprocessedItems: those go again after a backoff.
 */
export async function writeItems(
  items: readonly Record<string, ItemValue>[],
  options: BatchWriterOptions,
): Promise<void> {
  const maxRounds = options.maxRounds ?? 10;
  const baseDelayMs = options.baseDelayMs ?? 50;
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
    let requests = items.slice(i, i + BATCH_WRITE_LIMIT).map((Item) => ({ PutRequest: { Item } }));
    for (let round = 1; requests.length > 0; round++) {
      if (round > maxRounds) {
        throw new TaskFailure(
          `${requests.length} items stayed unprocessed by ${options.tableName} after ${maxRounds} rounds`,
          'UnprocessedItems',
          { temporary: true },
        );
      }
      if (round > 1) await sleep(Math.random() * baseDelayMs * 2 ** (round - 2), options.signal);
      const res = await options.client.send(
        new BatchWriteCommand({ RequestItems: { [options.tableName]: requests } }),
        { abortSignal: options.signal },
      );
      requests = (res.UnprocessedItems?.[options.tableName] ?? []).flatMap((r) =>
        r.PutRequest?.Item ? [{ PutRequest: { Item: r.PutRequest.Item } }] : [],
      );
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
