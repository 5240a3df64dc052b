import type { TaskResult } from '../engine/types.js';
import type { JobStore } from '../store/types.js';

export interface ResultLedgerOptions {
  /** Results per append at most; a full batch is flushed at once. @default 500 */
  readonly batchSize?: number;
  /** A partial batch is flushed after this long. @default 250 */
  readonly flushIntervalMs?: number;
}

/**
 * Batches results into `JobStore.appendResults`: one durable append per batch rather than per
 * task. A result is committed once its batch resolved; until then a crash means its task runs
 * again. Appends are serialised, and a failed append fails every later call.
 */
export class ResultLedger {
  private buffer: TaskResult[] = [];
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;
  private timer: NodeJS.Timeout | undefined;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;

  constructor(
    private readonly store: JobStore,
    options: ResultLedgerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
  }

  /** Queue a result. Resolves at once, or once a full batch is durable (backpressure). */
  add(result: TaskResult): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    this.buffer.push(result);
    if (this.buffer.length >= this.batchSize) return this.flush();
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, this.flushIntervalMs);
    return Promise.resolve();
  }

  /** Make every queued result durable. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.buffer;
    this.buffer = [];
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      if (batch.length === 0) return;
      try {
        await this.store.appendResults(batch);
      } catch (error) {
        this.failure = error;
        throw error;
      }
    });
    return this.chain;
  }
}
