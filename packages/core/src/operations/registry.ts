import { OperationSpecError } from '../errors.js';
import { copyDefinition } from './copy.js';
import { dynamoDbImportDefinition } from './dynamodb-import.js';
import { putObjectAclOperation } from './acl.js';
import { bulkDeleteOperation } from './bulk-delete.js';
import { computeChecksumOperation } from './checksum.js';
import { deleteObjectTaggingOperation } from './delete-tagging.js';
import { lambdaInvokeOperation } from './lambda-invoke.js';
import { putLegalHoldOperation } from './legal-hold.js';
import { initiateRestoreOperation } from './restore.js';
import { putRetentionOperation } from './retention.js';
import { putObjectTaggingOperation } from './tagging.js';
import { pairsDefinition } from './pairs.js';
import { replicateObjectDefinition } from './replicate.js';
import { updateObjectEncryptionDefinition } from './update-encryption.js';
import { verifyDefinition } from './verify.js';
import type { Operation, OperationDefinition, OperationName } from './types.js';

/**
 * Every operation s3bulk knows, keyed by its top-level key in the `Operation` JSON. Add one line
 * per operation module here.
 */
export const OPERATION_DEFINITIONS: Readonly<Partial<Record<OperationName, OperationDefinition>>> =
  {
    S3PutObjectCopy: copyDefinition,
    S3BulkPairs: pairsDefinition,
    DynamoDbImport: dynamoDbImportDefinition,
    S3PutObjectTagging: putObjectTaggingOperation,
    S3DeleteObjectTagging: deleteObjectTaggingOperation,
    S3PutObjectAcl: putObjectAclOperation,
    S3InitiateRestoreObject: initiateRestoreOperation,
    S3PutObjectLegalHold: putLegalHoldOperation,
    S3PutObjectRetention: putRetentionOperation,
    S3ComputeObjectChecksum: computeChecksumOperation,
    S3UpdateObjectEncryption: updateObjectEncryptionDefinition,
    S3ReplicateObject: replicateObjectDefinition,
    LambdaInvoke: lambdaInvokeOperation,
    S3BulkDelete: bulkDeleteOperation,
    S3BulkVerify: verifyDefinition,
  };

/** The operation keys `parseOperation` accepts, in a stable order for messages. */
export function knownOperationNames(): OperationName[] {
  return (Object.keys(OPERATION_DEFINITIONS) as OperationName[]).sort();
}

/**
 * Parse the `Operation` JSON of `aws s3control create-job` (or one of s3bulk's own operations):
 * an object with exactly one key naming the operation. Accepts the JSON text or the parsed value.
 * Throws `OperationSpecError` naming the offending field.
 */
export function parseOperation(json: unknown): Operation {
  const value = typeof json === 'string' ? parseJsonText(json) : json;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OperationSpecError(
      `Operation must be a JSON object with one key, one of: ${knownOperationNames().join(', ')}`,
      'Operation',
    );
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    const found = keys.length === 0 ? 'no key' : `${keys.length} keys (${keys.join(', ')})`;
    throw new OperationSpecError(
      `Operation has ${found}; it needs exactly one, one of: ${knownOperationNames().join(', ')}`,
      'Operation',
    );
  }
  const name = keys[0] as string;
  const definition = Object.hasOwn(OPERATION_DEFINITIONS, name)
    ? OPERATION_DEFINITIONS[name as OperationName]
    : undefined;
  if (!definition) {
    throw new OperationSpecError(
      `unknown operation "${name}"; allowed: ${knownOperationNames().join(', ')}`,
      name,
    );
  }
  const spec = definition.parse((value as Record<string, unknown>)[name]);
  return definition.create(spec);
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OperationSpecError(`Operation is not valid JSON: ${reason}`, 'Operation', {
      cause: error,
    });
  }
}
