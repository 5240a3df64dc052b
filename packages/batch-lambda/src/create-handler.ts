import type { OperationContext, S3BatchEvent, S3BatchResponse, S3BatchResult } from '@s3bulk/core';
import { taskFromEvent } from './event-task.js';
import { missingOperation, OperationSource } from './operation-source.js';
import { failed, succeeded } from './result-mapping.js';
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
 * of the event (the service sends one) and answers with a result per task.
 */
export function createHandler(deps: HandlerDependencies) {
  const operations = new OperationSource(deps.defaultOperation);
  const margin = deps.timeoutMarginMs ?? 3000;
  const crossEndpoint = deps.crossEndpoint ?? deps.s3.source !== deps.s3.destination;

  return async function handler(
    event: S3BatchEvent,
    invocation: InvocationContext = {},
  ): Promise<S3BatchResponse> {
    if (!isBatchEvent(event)) {
      throw new TypeError('not an S3 Batch Operations event (invocationSchemaVersion 1.0 or 2.0)');
    }
    const remaining = invocation.getRemainingTimeInMillis?.();
    const context: OperationContext = {
      s3: deps.s3,
      crossEndpoint,
      signal:
        remaining !== undefined
          ? AbortSignal.timeout(Math.max(remaining - margin, 1))
          : new AbortController().signal,
      jobId: event.job.id,
      settings: deps.settings,
    };
    const results: S3BatchResult[] = [];
    for (const eventTask of event.tasks) {
      let result: S3BatchResult;
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
        const outcome = await operation.run(task, context);
        result = succeeded(eventTask.taskId, outcome.message);
      } catch (error) {
        result = failed(eventTask.taskId, error);
      }
      deps.logger.info('task done', {
        jobId: event.job.id,
        invocationId: event.invocationId,
        ...(invocation.awsRequestId ? { awsRequestId: invocation.awsRequestId } : {}),
        taskId: eventTask.taskId,
        s3Key: eventTask.s3Key,
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
