import type { S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { OperationSettings } from '@s3bulk/core';

/** What the handler needs, built once per container by the composition root (`handler.ts`). */
export interface HandlerDependencies {
  readonly s3: { readonly source: S3Client; readonly destination: S3Client };
  /**
   * The destination is another endpoint or other credentials: copies stream GET into PUT
   * (multipart above the threshold) instead of a server-side CopyObject.
   * @default true when `s3.source` and `s3.destination` are different clients
   */
  readonly crossEndpoint?: boolean;
  readonly settings: OperationSettings;
  /**
   * The `Operation` JSON from the function's environment (`S3BULK_OPERATION`). A schema 2.0
   * job's `UserArguments.operation` wins over it.
   */
  readonly defaultOperation?: string;
  readonly logger: Logger;
  /** Stop this much before the Lambda timeout, so a slow task reports TemporaryFailure. @default 3000 */
  readonly timeoutMarginMs?: number;
}

/** The part of the Lambda context the handler reads. */
export interface InvocationContext {
  readonly awsRequestId?: string;
  getRemainingTimeInMillis?(): number;
}

/** The `UserArguments` key that carries the Operation JSON in a schema 2.0 job. */
export const OPERATION_ARGUMENT = 'operation';
