import { ConfigError, parseOperation, type Operation } from '@s3bulk/core';
import type { WorkerConfig } from './worker-config.js';

/** The operation of this job and its JSON as the job spec keeps it. */
export interface WorkerOperation {
  readonly operation: Operation;
  readonly json: Record<string, unknown>;
}

/**
 * The operation from `--operation`/`S3BULK_OPERATION`; without one, what the seed's container
 * did: copy/sync a pairs manifest (`sync_delete` -> SyncDelete), or import into
 * `S3BULK_TABLE_NAME` when that is set.
 */
export function resolveWorkerOperation(config: WorkerConfig): WorkerOperation {
  let json: Record<string, unknown>;
  if (config.operation) {
    const parsed = parseOperationJson(config.operation);
    const pairs = parsed.S3BulkPairs as Record<string, unknown> | undefined;
    json =
      pairs && typeof pairs === 'object' && pairs.SyncDelete === undefined && config.syncDelete
        ? { S3BulkPairs: { ...pairs, SyncDelete: true } }
        : parsed;
  } else if (config.tableName) {
    json = { DynamoDbImport: { TableName: config.tableName } };
  } else if (config.manifest.format === 'pairs') {
    json = { S3BulkPairs: { SyncDelete: config.syncDelete } };
  } else {
    throw new ConfigError(
      `a ${config.manifest.format} manifest needs an operation: --operation or S3BULK_OPERATION`,
    );
  }
  return { operation: parseOperation(json), json };
}

function parseOperationJson(text: string): Record<string, unknown> {
  // parseOperation reports bad JSON with the field; parse here only to adjust SyncDelete.
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through: parseOperation says what is wrong
  }
  parseOperation(text);
  throw new ConfigError('Operation must be a JSON object');
}
