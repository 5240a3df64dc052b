import type { DynamoDBClient, WriteRequest } from '@aws-sdk/client-dynamodb';
import { loadSdk } from '../config/load-sdk.js';
import { TaskFailure } from '../errors.js';
import type { ImportItem } from './dynamodb-import-spec.js';

/** BatchWriteItem takes at most 25 put requests. */
export const BATCH_WRITE_LIMIT = 25;

export interface BatchWriterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly signal: AbortSignal;
  /** Calls for one batch's unprocessed items before the task fails (temporary). @default 10 */
  readonly maxRounds?: number;
  /** First backoff; doubles each round, full jitter. @default 50 */
  readonly baseDelayMs?: number;
}

/**
 * Write items in BatchWriteItem calls of 25, in order. DynamoDB returns what it could not take
 * (throttling, partition limits) as UnprocessedItems: those go again after a backoff.
 */
export async function writeItems(
  items: readonly ImportItem[],
  options: BatchWriterOptions,
): Promise<void> {
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
    await writeBatch(items.slice(i, i + BATCH_WRITE_LIMIT), options);
  }
}

async function writeBatch(items: readonly ImportItem[], options: BatchWriterOptions) {
  const maxRounds = options.maxRounds ?? 10;
  const baseDelayMs = options.baseDelayMs ?? 50;
  let requests: WriteRequest[] = items.map((Item) => ({ PutRequest: { Item } }));
  for (let round = 1; requests.length > 0; round++) {
    if (round > maxRounds) {
      throw new TaskFailure(
        `${requests.length} of ${items.length} items stayed unprocessed by table ` +
          `${options.tableName} after ${maxRounds} BatchWriteItem calls (throttled: raise the ` +
          'write capacity or lower the concurrency)',
        'UnprocessedItems',
        { temporary: true },
      );
    }
    if (round > 1) await sleep(Math.random() * baseDelayMs * 2 ** (round - 2), options.signal);
    let unprocessed: WriteRequest[];
    const { BatchWriteItemCommand } = await loadSdk('dynamodb');
    try {
      const res = await options.client.send(
        new BatchWriteItemCommand({ RequestItems: { [options.tableName]: requests } }),
        { abortSignal: options.signal },
      );
      unprocessed = res.UnprocessedItems?.[options.tableName] ?? [];
    } catch (error) {
      if (!isDuplicateKeys(error) || items.length < 2) throw error;
      // Two rows with one key make DynamoDB refuse the whole batch. Writing the halves one after
      // the other keeps what sequential puts would leave: the later row wins.
      const half = Math.ceil(items.length / 2);
      await writeBatch(items.slice(0, half), options);
      await writeBatch(items.slice(half), options);
      return;
    }
    requests = unprocessed.filter((r) => r.PutRequest?.Item !== undefined);
  }
}

function isDuplicateKeys(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /contains duplicates/i.test(error.message)
  );
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    // The job's signal outlives many sleeps: each takes its listener away again.
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
