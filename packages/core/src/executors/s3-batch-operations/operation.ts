import { ConfigError } from '../../errors.js';
import { parseOperation } from '../../operations/registry.js';

/** Operations S3 Batch Operations runs itself. The others run only through our Lambda. */
export const NATIVE_OPERATIONS = new Set([
  'S3PutObjectCopy',
  'S3PutObjectTagging',
  'S3DeleteObjectTagging',
  'S3PutObjectAcl',
  'S3InitiateRestoreObject',
  'S3PutObjectLegalHold',
  'S3PutObjectRetention',
  'S3ComputeObjectChecksum',
  'LambdaInvoke',
]);

/** S3 Control limits each UserArguments value to 1,024 characters. */
const MAX_USER_ARGUMENT = 1024;

/**
 * Validate an `Operation` JSON and give the value S3 Control's `Operation` takes: the validated
 * spec (dates as `Date`). With `viaLambda`, any s3bulk operation (S3BulkDelete too) is wrapped in
 * a `LambdaInvoke` of the s3bulk batch handler, which reads it from `UserArguments.operation`.
 */
export function toS3ControlOperation(
  json: Record<string, unknown>,
  viaLambda?: string,
): Record<string, unknown> {
  const operation = parseOperation(json);
  if (viaLambda) {
    const text = JSON.stringify(json);
    if (text.length > MAX_USER_ARGUMENT) {
      throw new ConfigError(
        `the Operation JSON is ${text.length} characters; S3 Control allows ${MAX_USER_ARGUMENT} in a UserArguments value. Set S3BULK_OPERATION on the function instead and omit --via-lambda's operation.`,
      );
    }
    return toS3ControlOperation({
      LambdaInvoke: {
        FunctionArn: viaLambda,
        InvocationSchemaVersion: '2.0',
        UserArguments: { operation: text },
      },
    });
  }
  if (!NATIVE_OPERATIONS.has(operation.name)) {
    throw new ConfigError(
      `${operation.name} is s3bulk's own operation: S3 Batch Operations cannot run it natively. ` +
        'Deploy the s3bulk batch Lambda and pass --via-lambda <function ARN>.',
    );
  }
  return { [operation.name]: operation.spec };
}
