import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_SETTINGS, DEFAULT_OPERATION_SETTINGS } from '../config/defaults.js';
import { TaskFailure } from '../errors.js';
import type { Operation, OperationContext, Task } from '../operations/types.js';
import { runSingleTask } from './run-single-task.js';

const task: Task = {
  id: 't1',
  object: { bucket: 'b', key: 'k' },
  location: { source: 'test', line: 1 },
};
const settings = { ...DEFAULT_ENGINE_SETTINGS, maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 };

function contextWith(signal = new AbortController().signal): OperationContext {
  const none = {} as OperationContext['s3']['source'];
  return {
    s3: { source: none, destination: none },
    crossEndpoint: false,
    signal,
    jobId: 'j',
    settings: DEFAULT_OPERATION_SETTINGS,
  };
}

/** An operation that throws `error` on every call, counting the calls. */
function failing(error: Error): Operation & { calls: number } {
  const operation = {
    name: 'S3PutObjectTagging' as const,
    spec: {},
    calls: 0,
    run: async () => {
      operation.calls++;
      throw error;
    },
  };
  return operation;
}

describe('engine: runSingleTask', () => {
  it('makes exactly the engine attempts on a temporary failure and hands back the last error', async () => {
    // Prepare
    const error = new TaskFailure('slow down', 'SlowDown', { temporary: true, httpStatus: 503 });
    const operation = failing(error);

    // Act
    const outcome = await runSingleTask(task, { operation, context: contextWith(), settings });

    // Assess
    expect(operation.calls).toBe(3);
    expect(outcome.result).toMatchObject({ status: 'failed', errorCode: 'SlowDown', attempts: 3 });
    expect(outcome.error).toBe(error);
  });

  it('records a permanent failure after one attempt', async () => {
    // Prepare
    const operation = failing(new TaskFailure('gone', 'NoSuchKey', { temporary: false }));

    // Act
    const outcome = await runSingleTask(task, { operation, context: contextWith(), settings });

    // Assess
    expect(operation.calls).toBe(1);
    expect(outcome.result).toMatchObject({ status: 'failed', errorCode: 'NoSuchKey', attempts: 1 });
  });

  it('returns the operation message on success', async () => {
    // Prepare
    const operation: Operation = {
      name: 'S3PutObjectTagging',
      spec: {},
      run: async () => ({ message: 'tagged' }),
    };

    // Act
    const outcome = await runSingleTask(task, { operation, context: contextWith(), settings });

    // Assess
    expect(outcome).toEqual({
      attempts: 1,
      result: expect.objectContaining({ status: 'succeeded', message: 'tagged', attempts: 1 }),
    });
  });

  it('a stop before any attempt is a temporary RequestTimeout, and nothing runs', async () => {
    // Prepare
    const stopped = new AbortController();
    stopped.abort();
    const operation = failing(new Error('never thrown'));

    // Act
    const outcome = await runSingleTask(task, {
      operation,
      context: contextWith(stopped.signal),
      settings,
    });

    // Assess
    expect(operation.calls).toBe(0);
    expect(outcome.result).toBeUndefined();
    expect(outcome.error).toMatchObject({ code: 'RequestTimeout', temporary: true });
  });

  it('no attempt starts after the stop signal, and the last error is kept', async () => {
    // Prepare: the first attempt's failure fires the stop, as a deadline would.
    const stop = new AbortController();
    const error = new TaskFailure('busy', 'ServiceUnavailable', { temporary: true });
    let calls = 0;
    const operation: Operation = {
      name: 'S3PutObjectTagging',
      spec: {},
      run: async () => {
        calls++;
        stop.abort();
        throw error;
      },
    };

    // Act
    const outcome = await runSingleTask(task, {
      operation,
      context: contextWith(),
      settings: { ...settings, baseDelayMs: 1000, maxDelayMs: 1000 },
      stop: stop.signal,
    });

    // Assess
    expect(calls).toBe(1);
    expect(outcome.attempts).toBe(1);
    expect(outcome.result).toBeUndefined();
    expect(outcome.error).toBe(error);
  });
});
