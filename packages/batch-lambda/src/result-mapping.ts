import { classifyError, ConfigError, OperationSpecError, type S3BatchResult } from '@s3bulk/core';

/** S3 Batch Operations shows resultString in the report; long strings are cut there anyway. */
const MAX_RESULT_STRING = 1024;

function clip(text: string): string {
  return text.length <= MAX_RESULT_STRING ? text : `${text.slice(0, MAX_RESULT_STRING - 3)}...`;
}

export function succeeded(taskId: string, message: string): S3BatchResult {
  return { taskId, resultCode: 'Succeeded', resultString: clip(message) };
}

/**
 * A failure as S3 Batch Operations should treat it: TemporaryFailure when another attempt can
 * help (throttling, 5xx, timeouts, a TaskFailure marked temporary), PermanentFailure otherwise.
 * Configuration problems are permanent: every retry would fail the same way.
 */
export function failed(taskId: string, error: unknown): S3BatchResult {
  if (error instanceof OperationSpecError) {
    return {
      taskId,
      resultCode: 'PermanentFailure',
      resultString: clip(`InvalidOperation: ${error.field}: ${error.message}`),
    };
  }
  if (error instanceof ConfigError) {
    return {
      taskId,
      resultCode: 'PermanentFailure',
      resultString: clip(`${error.code}: ${error.message}`),
    };
  }
  const kind = classifyError(error);
  const status = kind.httpStatus ? ` (HTTP ${kind.httpStatus})` : '';
  return {
    taskId,
    resultCode: kind.temporary ? 'TemporaryFailure' : 'PermanentFailure',
    resultString: clip(`${kind.code}${status}: ${kind.message}`),
  };
}

/**
 * The invocation's time ran out before the task had a result: another invocation can finish it,
 * whatever the aborted attempt threw (the SDK's AbortError, say).
 */
export function outOfTime(taskId: string, attempts: number, error: unknown): S3BatchResult {
  const last = error === undefined ? '' : `; last attempt: ${classifyError(error).message}`;
  return {
    taskId,
    resultCode: 'TemporaryFailure',
    resultString: clip(
      `RequestTimeout: the invocation's time ran out after ${attempts} attempt(s)${last}`,
    ),
  };
}
