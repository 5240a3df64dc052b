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
      return succeeded(task, outcome, attempt);
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

/**
 * Results are built field by field in one object, in the order they are logged: a task is a few
 * microseconds of engine CPU, and spreads of partial objects were a visible share of it.
 */
function succeeded(task: Task, outcome: TaskOutcome, attempts: number): TaskResult {
  const result = identity(task);
  result.status = 'succeeded';
  result.httpStatus = 200;
  // The facts, not a sentence: the message is worded where it is read (`resultMessage`).
  if (outcome.message) result.message = outcome.message;
  else if (outcome.effect) result.effect = outcome.effect;
  else result.message = 'Successful';
  if (outcome.bytes !== undefined) result.bytes = outcome.bytes;
  result.attempts = attempts;
  return result;
}

function failed(task: Task, failure: ErrorClass, attempts: number): TaskResult {
  const result = identity(task);
  result.status = 'failed';
  result.errorCode = failure.code;
  if (failure.httpStatus !== undefined) result.httpStatus = failure.httpStatus;
  result.message = failure.message;
  result.attempts = attempts;
  return result;
}

type ResultDraft = { -readonly [K in keyof TaskResult]: TaskResult[K] };

function identity(task: Task): ResultDraft {
  const result = { taskId: task.id } as ResultDraft;
  if (task.seq !== undefined) result.seq = task.seq;
  result.bucket = task.object.bucket;
  result.key = task.object.key;
  if (task.object.versionId !== undefined) result.versionId = task.object.versionId;
  return result;
}
