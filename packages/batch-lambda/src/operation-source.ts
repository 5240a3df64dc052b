import { ConfigError, parseOperation, type Operation, type S3BatchEvent } from '@s3bulk/core';
import { OPERATION_ARGUMENT } from './types.js';

/** Neither the job nor the function names an operation (and the row is not a pair). */
export function missingOperation(): ConfigError {
  return new ConfigError(
    `no operation: set UserArguments {"${OPERATION_ARGUMENT}": "<Operation JSON>"} on the job ` +
      '(InvocationSchemaVersion 2.0) or S3BULK_OPERATION on the function',
  );
}

/** Operations the handler cannot run for one object of a managed job. */
const NOT_HERE: Record<string, string> = {
  LambdaInvoke: 'the handler is itself the Lambda S3 Batch Operations invokes',
  DynamoDbImport: 'it imports CSV rows, not S3 objects',
};

/**
 * Parses each distinct Operation JSON once per container: a warm function reuses the parsed
 * operation (and its batching state) across invocations.
 */
export class OperationSource {
  readonly #cache = new Map<string, Operation>();
  readonly #defaultOperation: string | undefined;

  constructor(defaultOperation: string | undefined) {
    this.#defaultOperation = defaultOperation;
  }

  /**
   * The operation for this event: `job.userArguments.operation` (2.0), else the environment;
   * undefined when neither gives one. Throws `OperationSpecError` for invalid JSON.
   */
  resolve(event: S3BatchEvent): Operation | undefined {
    const fromJob =
      event.invocationSchemaVersion === '2.0'
        ? event.job.userArguments?.[OPERATION_ARGUMENT]
        : undefined;
    const json = fromJob ?? this.#defaultOperation;
    return json ? this.parse(json) : undefined;
  }

  /** A configured operation by its JSON (pairs rows may swap in a copy). */
  parse(json: string): Operation {
    const cached = this.#cache.get(json);
    if (cached) return cached;
    const operation = parseOperation(json);
    const reason = NOT_HERE[operation.name];
    if (reason)
      throw new ConfigError(`${operation.name} cannot run in the batch handler: ${reason}`);
    this.#cache.set(json, operation);
    return operation;
  }
}
