import { TaskFailure } from '../errors.js';
import type { Operation, OperationContext, Task } from '../operations/types.js';
import { AdaptiveLimiter } from './adaptive-limiter.js';
import { runTask } from './run-task.js';
import type { EngineSettings, TaskResult } from './types.js';

export interface SingleTaskOptions {
  readonly operation: Operation;
  /** Clients and settings of the task; its `signal` aborts an attempt under way. */
  readonly context: OperationContext;
  /** Attempts, backoff and attempt timeout, as the engine runs every task. */
  readonly settings: EngineSettings;
  /** No new attempt starts once it aborts (a deadline). @default `context.signal` */
  readonly stop?: AbortSignal;
}

/** What became of one task run on its own. */
export interface SingleTaskOutcome {
  /** Attempts that started (one per call of the operation). */
  readonly attempts: number;
  /** Absent when `stop` came before any attempt ended. */
  readonly result?: TaskResult;
  /**
   * What the last failed attempt threw, for the caller's own mapping (S3 Batch Operations'
   * TemporaryFailure or PermanentFailure): a temporary error means another attempt could help.
   */
  readonly error?: unknown;
}

/**
 * Run one task outside a job, with the engine's own retry loop (`maxAttempts`, full-jitter
 * backoff, attempt timeout): the Lambda handler runs each task of its event through it, so a
 * task gets the same attempts wherever it runs. Its own limiter: one attempt at a time.
 */
export async function runSingleTask(
  task: Task,
  options: SingleTaskOptions,
): Promise<SingleTaskOutcome> {
  let error: unknown;
  let attempts = 0;
  // Keep what the last attempt threw: the engine's result has its class, not the error itself.
  const operation: Operation = {
    name: options.operation.name,
    spec: options.operation.spec,
    run: async (t, context) => {
      attempts++;
      try {
        return await options.operation.run(t, context);
      } catch (thrown) {
        error = thrown;
        throw thrown;
      }
    },
  };
  const stop = options.stop ?? options.context.signal;
  const result = await runTask(task, {
    operation,
    context: options.context,
    limiter: new AdaptiveLimiter({ max: 1 }),
    settings: options.settings,
    stop,
  });
  if (result?.status === 'succeeded') return { attempts, result };
  if (result) return { attempts, result, error };
  return {
    attempts,
    error:
      error ??
      new TaskFailure('stopped before the first attempt (deadline reached)', 'RequestTimeout', {
        temporary: true,
      }),
  };
}
