import { TaskFailure } from '../errors.js';

/** How the engine treats a failed call. */
export interface ErrorClass {
  /** Retrying may help. */
  readonly temporary: boolean;
  /** The server asked us to slow down: lower concurrency. */
  readonly throttled: boolean;
  readonly code: string;
  readonly httpStatus?: number;
  readonly message: string;
}

const THROTTLE_CODES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'ServiceUnavailable',
]);

const TEMPORARY_CODES = new Set([
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'NetworkingError',
  'OperationAborted',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
}

/** Classify anything an operation threw: SDK errors, network errors, `TaskFailure`. */
export function classifyError(error: unknown): ErrorClass {
  if (error instanceof TaskFailure) {
    return {
      temporary: error.temporary,
      throttled: false,
      code: error.code,
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      message: error.message,
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkLikeError;
  const code =
    e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'UnknownError';
  const httpStatus = e.$metadata?.httpStatusCode;
  const message = e.message || String(error);
  const throttled =
    THROTTLE_CODES.has(code) ||
    httpStatus === 429 ||
    httpStatus === 503 ||
    e.$retryable?.throttling === true;
  const networkCode = typeof e.code === 'string' && TEMPORARY_CODES.has(e.code);
  const temporary =
    throttled ||
    networkCode ||
    TEMPORARY_CODES.has(code) ||
    (httpStatus !== undefined && httpStatus >= 500);
  return {
    temporary,
    throttled,
    code,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    message,
  };
}
