import { ConfigError } from '../../errors.js';
import { parseOperation } from '../../operations/registry.js';
import type { OperationName } from '../../operations/types.js';

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
  'S3ReplicateObject',
  'S3UpdateObjectEncryption',
  'LambdaInvoke',
]);

/** The `UserArguments` key that carries the Operation JSON to the s3bulk handler (schema 2.0). */
export const OPERATION_ARGUMENT = 'operation';

/** S3 Control limits each UserArguments value to 1,024 characters. */
const MAX_USER_ARGUMENT = 1024;

/** Operations no managed job can run, with the reason and the alternative. */
export const NOT_MANAGED: Partial<Record<OperationName, string>> = {
  DynamoDbImport:
    'DynamoDbImport imports CSV rows, not objects: S3 Batch Operations hands each task one object. Run it with s3bulk run or s3bulk submit.',
};

/**
 * Validate an `Operation` JSON and give the value S3 Control's `Operation` takes: the validated
 * spec (dates as `Date`) for an operation the service runs natively. With `functionArn` (the
 * deployed s3bulk handler), the operation (S3BulkDelete, S3BulkPairs, or any native one) is
 * wrapped in a `LambdaInvoke` of that handler, which reads it from `UserArguments.operation`.
 * Throws `ConfigError` with the reason and the alternative for an operation that cannot run.
 */
export function toS3ControlOperation(
  json: Record<string, unknown>,
  functionArn?: string,
): Record<string, unknown> {
  const operation = parseOperation(json);
  const refused = NOT_MANAGED[operation.name];
  if (refused) throw new ConfigError(refused);
  if (functionArn) {
    if (operation.name === 'LambdaInvoke') {
      throw new ConfigError(
        'LambdaInvoke names its own function, which S3 Batch Operations invokes natively: drop --function-arn (the s3bulk handler does not invoke other functions).',
      );
    }
    const text = JSON.stringify(json);
    if (text.length > MAX_USER_ARGUMENT) {
      throw new ConfigError(
        `the Operation JSON is ${text.length} characters; S3 Control allows ${MAX_USER_ARGUMENT} in a UserArguments value. Set S3BULK_OPERATION on the function to it and run {"LambdaInvoke":{"FunctionArn":"${functionArn}"}} instead.`,
      );
    }
    return toS3ControlOperation({
      LambdaInvoke: {
        FunctionArn: functionArn,
        InvocationSchemaVersion: '2.0',
        UserArguments: { [OPERATION_ARGUMENT]: text },
      },
    });
  }
  if (!NATIVE_OPERATIONS.has(operation.name)) {
    throw new ConfigError(
      `${operation.name} is s3bulk's own operation: S3 Batch Operations cannot run it natively. ` +
        'Deploy the s3bulk handler (apps/infra) and pass --function-arn <its ARN>, or run it with s3bulk run or s3bulk submit.',
    );
  }
  return { [operation.name]: operation.spec };
}
