import type { Logger } from '@aws-lambda-powertools/logger';
import type { OperationClients } from '@s3bulk/core';
import type { HandlerSpec } from './spec-from-env.js';

/** What the handler needs, built once per container by the composition root (`handler.ts`). */
export interface HandlerDependencies {
  /**
   * Task clients: core's `createJobClients` from the spec's `aws` (one attempt per request: the
   * engine's retry loop is the only one). `crossEndpoint` makes copies stream GET into PUT.
   */
  readonly clients: OperationClients;
  /** AWS settings (owner checks), engine attempts, operation sizes, default Operation JSON. */
  readonly spec: HandlerSpec;
  readonly logger: Logger;
  /** Stop this much before the Lambda timeout, so a slow task reports TemporaryFailure. @default 3000 */
  readonly timeoutMarginMs?: number;
}

/** The part of the Lambda context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

/** The `UserArguments` key of the Operation JSON (schema 2.0): core's, as `batchops create` sets it. */
export { OPERATION_ARGUMENT } from '@s3bulk/core';
