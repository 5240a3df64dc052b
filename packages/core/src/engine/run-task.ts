import { TaskFailure } from '../errors.js';
import type { Operation, OperationContext, Task, TaskOutcome } from '../operations/types.js';
import { classifyError, type ErrorClass } from '../s3/errors.js';
import type { AdaptiveLimiter } from './adaptive-limiter.js';
import { retryDelayMs, sleep } from './backoff.js';
import type { EngineSettings, TaskResult } from './types.js';

export interface TaskRunnerDeps {
  readonly operation: Operation;
  readonly context: OperationContext;
  readonly limiter: AdaptiveLimiter;
  readonly settings: EngineSettings;
  /** Graceful stop: no new attempt starts; an attempt under way finishes. */
  readonly stop: AbortSignal;
  readonly onRetry?: (task: Task, error: ErrorClass, attempt: number) => void;
  readonly onThrottle?: (concurrency: number) => void;
}

/**
 * Run one task to a result: temporary failures are retried with full-jitter backoff up to
 * `maxAttempts`, permanent ones are recorded at once. Resolves `undefined` when the job stops
 * before the task has a result: it is not committed, so a resume runs it again.
 */
export async function runTask(task: Task, deps: TaskRunnerDeps): Promise<TaskResult | undefined> {
  const { operation, context, limiter, settings, stop } = deps;
  if (task.failure !== undefined) return failed(task, classifyError(task.failure), 1);
  for (let attempt = 1; ; attempt++) {
    if (!(await limiter.acquire(stop))) return undefined;
    let failure: ErrorClass;
    try {
      const outcome = await runAttempt(task, operation, context, settings.attemptTimeoutMs);
      limiter.recordSuccess();
      return {
        ...identity(task),
        status: 'succeeded',
        httpStatus: 200,
        message: outcome.message || 'Successful',
        ...(outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}),
        attempts: attempt,
      };
    } catch (error) {
      failure = classifyError(error);
    } finally {
      limiter.release();
    }
    if (failure.throttled && limiter.recordThrottle()) deps.onThrottle?.(limiter.limit);
    if (!failure.temporary || attempt >= settings.maxAttempts)
      return failed(task, failure, attempt);
    deps.onRetry?.(task, failure, attempt);
    const delay = retryDelayMs(attempt, settings.baseDelayMs, settings.maxDelayMs);
    if (!(await sleep(delay, stop))) return undefined;
  }
}

/** One call of the operation, failed as a temporary `RequestTimeout` past `timeoutMs`. */
async function runAttempt(
  task: Task,
  operation: Operation,
  context: OperationContext,
  timeoutMs: number | undefined,
): Promise<TaskOutcome> {
  if (!timeoutMs) return operation.run(task, context);
  const attempt = new AbortController();
  // The caller's signal (a stop, a Lambda deadline) still reaches an attempt that has a timeout.
  const signal = AbortSignal.any([context.signal, attempt.signal]);
  const run = operation.run(task, { ...context, signal });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TaskFailure(`attempt timed out after ${timeoutMs} ms`, 'RequestTimeout', {
        temporary: true,
      });
      attempt.abort(error);
      reject(error);
    }, timeoutMs);
  });
  // An operation that ignores its signal finishes in the background: its outcome is dropped.
  run.catch(() => undefined);
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failed(task: Task, failure: ErrorClass, attempts: number): TaskResult {
  return {
    ...identity(task),
    status: 'failed',
    errorCode: failure.code,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    message: failure.message,
    attempts,
  };
}

function identity(task: Task): Pick<TaskResult, 'taskId' | 'seq' | 'bucket' | 'key' | 'versionId'> {
  return {
    taskId: task.id,
    ...(task.seq !== undefined ? { seq: task.seq } : {}),
    bucket: task.object.bucket,
    key: task.object.key,
    ...(task.object.versionId !== undefined ? { versionId: task.object.versionId } : {}),
  };
}
