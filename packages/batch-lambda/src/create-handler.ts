import {
  engineSettingsOf,
  operationContextOf,
  resultMessage,
  runSingleTask,
  validateEngineSettings,
  type S3BatchEvent,
  type S3BatchResponse,
  type S3BatchResult,
} from '@s3bulk/core';
import { taskFromEvent } from './event-task.js';
import { missingOperation, OperationSource } from './operation-source.js';
import { failed, outOfTime, succeeded } from './result-mapping.js';
import type { HandlerDependencies, InvocationContext } from './types.js';

/** Operations that copy: with them, a key field holding `source,destination` is a pairs row. */
const COPYING = new Set(['S3PutObjectCopy', 'S3BulkPairs']);
const DEFAULT_PAIRS_OPERATION = '{"S3BulkPairs":{}}';

function isBatchEvent(event: unknown): event is S3BatchEvent {
  const e = event as Partial<S3BatchEvent> | undefined;
  return (
    (e?.invocationSchemaVersion === '1.0' || e?.invocationSchemaVersion === '2.0') &&
    typeof e.invocationId === 'string' &&
    Array.isArray(e.tasks)
  );
}

/**
 * The S3 Batch Operations LambdaInvoke handler: runs the configured s3bulk operation on each task
 * of the event (the service sends one) through the engine's retry loop, within the invocation's
 * remaining time, and answers with a result per task.
 */
export function createHandler(deps: HandlerDependencies) {
  const { spec, clients } = deps;
  const operations = new OperationSource(spec.operation);
  const engine = validateEngineSettings(engineSettingsOf(spec));
  const margin = deps.timeoutMarginMs ?? 3000;

  return async function handler(
    event: S3BatchEvent,
    invocation: InvocationContext = {},
  ): Promise<S3BatchResponse> {
    if (!isBatchEvent(event)) {
      throw new TypeError('not an S3 Batch Operations event (invocationSchemaVersion 1.0 or 2.0)');
    }
    const remaining = invocation.getRemainingTimeInMillis?.();
    // Aborts an attempt under way and starts no other: the task then reports TemporaryFailure.
    const deadline =
      remaining !== undefined
        ? AbortSignal.timeout(Math.max(remaining - margin, 1))
        : new AbortController().signal;
    const context = {
      ...operationContextOf({ ...spec, jobId: event.job.id }, clients),
      signal: deadline,
    };
    const results: S3BatchResult[] = [];
    for (const eventTask of event.tasks) {
      let result: S3BatchResult;
      let attempts = 0;
      try {
        const configured = operations.resolve(event);
        const copies = configured !== undefined && COPYING.has(configured.name);
        const task = taskFromEvent(event, eventTask, { pairs: configured === undefined || copies });
        const operation = task.destination
          ? copies
            ? configured
            : operations.parse(DEFAULT_PAIRS_OPERATION)
          : configured;
        if (!operation) throw missingOperation();
        const outcome = await runSingleTask(task, { operation, context, settings: engine });
        attempts = outcome.attempts;
        if (outcome.result?.status === 'succeeded') {
          result = succeeded(eventTask.taskId, resultMessage(outcome.result));
        } else if (deadline.aborted) {
          result = outOfTime(eventTask.taskId, attempts, outcome.error);
        } else {
          result = failed(eventTask.taskId, outcome.error);
        }
      } catch (error) {
        result = failed(eventTask.taskId, error);
      }
      deps.logger.info('task done', {
        jobId: event.job.id,
        invocationId: event.invocationId,
        ...(invocation.awsRequestId ? { awsRequestId: invocation.awsRequestId } : {}),
        taskId: eventTask.taskId,
        s3Key: eventTask.s3Key,
        attempts,
        resultCode: result.resultCode,
        resultString: result.resultString,
      });
      results.push(result);
    }
    return {
      invocationSchemaVersion: event.invocationSchemaVersion,
      treatMissingKeysAs: 'PermanentFailure',
      invocationId: event.invocationId,
      results,
    };
  };
}
