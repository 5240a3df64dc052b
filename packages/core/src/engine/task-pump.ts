export interface TaskPumpOptions<T> {
  /** Workers pulling from the source at once. */
  readonly concurrency: number;
  /** Graceful stop: no worker takes a new item; items being handled finish. */
  readonly stop: AbortSignal;
  /** Handle one item; a throw stops the pump (through `onError`) and is rethrown at the end. */
  readonly handle: (item: T) => Promise<void>;
  /** Called once with the first error, so the caller can raise `stop`. */
  readonly onError: (error: unknown) => void;
}

/**
 * `concurrency` workers pulling from one async iterator (lib-storage / p-queue style), so at
 * most `concurrency` items are held at once however long the source is. The iterator is closed
 * when every worker has finished.
 */
export async function pumpTasks<T>(
  source: AsyncGenerator<T>,
  options: TaskPumpOptions<T>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    try {
      while (!options.stop.aborted) {
        // An async generator queues concurrent next() calls: each item goes to one worker.
        const item = await source.next();
        if (item.done || options.stop.aborted) return;
        await options.handle(item.value);
      }
    } catch (error) {
      if (!failure) {
        failure = { error };
        options.onError(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await source.return(undefined);
  }
  if (failure) throw failure.error;
}
