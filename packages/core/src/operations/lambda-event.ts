/**
 * The payloads S3 Batch Operations exchanges with a LambdaInvoke function. The `LambdaInvoke`
 * operation sends these; `@s3bulk/batch-lambda` receives them. Schema 1.0 names the bucket by
 * ARN, 2.0 by name and adds `job.userArguments`.
 */
export type InvocationSchemaVersion = '1.0' | '2.0';

export interface S3BatchTaskV1 {
  readonly taskId: string;
  /** URL-encoded, as in the CSV manifest. */
  readonly s3Key: string;
  readonly s3VersionId: string | null;
  readonly s3BucketArn: string;
}

export interface S3BatchTaskV2 {
  readonly taskId: string;
  readonly s3Bucket: string;
  /** URL-encoded, as in the CSV manifest. */
  readonly s3Key: string;
  readonly s3VersionId: string | null;
}

export interface S3BatchEventV1 {
  readonly invocationSchemaVersion: '1.0';
  readonly invocationId: string;
  readonly job: { readonly id: string };
  readonly tasks: readonly S3BatchTaskV1[];
}

export interface S3BatchEventV2 {
  readonly invocationSchemaVersion: '2.0';
  readonly invocationId: string;
  readonly job: { readonly id: string; readonly userArguments?: Readonly<Record<string, string>> };
  readonly tasks: readonly S3BatchTaskV2[];
}

export type S3BatchEvent = S3BatchEventV1 | S3BatchEventV2;

export type S3BatchResultCode = 'Succeeded' | 'TemporaryFailure' | 'PermanentFailure';

export interface S3BatchResult {
  readonly taskId: string;
  readonly resultCode: S3BatchResultCode;
  readonly resultString?: string | null;
}

export interface S3BatchResponse {
  readonly invocationSchemaVersion: InvocationSchemaVersion;
  readonly treatMissingKeysAs?: S3BatchResultCode;
  readonly invocationId: string;
  readonly results: readonly S3BatchResult[];
}

/** Encode a key as S3 Batch Operations carries it: URL-encoded, `/` kept, `+` as `%2B`. */
export function encodeBatchKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

/**
 * Decode a key from an S3 Batch Operations event. Keys arrive URL-encoded; a `+` is a space (form
 * encoding), a literal plus arrives as `%2B`.
 */
export function decodeBatchKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
