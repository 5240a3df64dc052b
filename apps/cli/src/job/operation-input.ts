import { readFile } from 'node:fs/promises';
import { ConfigError, OperationSpecError } from '@s3bulk/core';

/** The operation key of pairs jobs: copy object rows, sync prefix rows. */
export const PAIRS_OPERATION = 'S3BulkPairs';
const VERIFY_OPERATION = 'S3BulkVerify';

export interface OperationInput {
  readonly operation?: string | undefined;
  readonly operationFile?: string | undefined;
  readonly syncDelete: boolean;
  /** `--compare`: how sync finds an object up to date. @default 'size-and-time' */
  readonly compare?: 'size-and-time' | 'checksum' | undefined;
  readonly pairs: boolean;
}

/**
 * The `Operation` JSON of a job, from `--operation` or `--operation-file`. Pairs manifests need
 * none: they get `{ S3BulkPairs: {...} }`, with `--sync-delete` folded in.
 */
export async function readOperationJson(input: OperationInput): Promise<Record<string, unknown>> {
  const given = input.operationFile
    ? parseJson(await readOperationFile(input.operationFile), input.operationFile)
    : input.operation !== undefined
      ? parseJson(input.operation, '--operation')
      : undefined;

  if (!input.pairs) {
    if (!given) {
      throw new ConfigError(
        'Missing --operation: say what to do with each object, e.g. --operation \'{"S3PutObjectTagging":{"TagSet":[{"Key":"k","Value":"v"}]}}\'',
      );
    }
    if (input.syncDelete || input.compare) {
      const flag = input.syncDelete ? '--sync-delete' : '--compare';
      throw new ConfigError(`${flag} applies to pairs manifests only (prefix rows).`);
    }
    return given;
  }
  // `s3bulk verify` compares each pair instead of copying it.
  if (given && Object.keys(given).length === 1 && VERIFY_OPERATION in given) return given;
  const pairs = given?.[PAIRS_OPERATION] ?? {};
  if (given && Object.keys(given).some((name) => name !== PAIRS_OPERATION)) {
    throw new OperationSpecError(
      `a pairs manifest runs ${PAIRS_OPERATION} (copy object rows, sync prefix rows); omit --operation or give {"${PAIRS_OPERATION}": {...}}`,
      Object.keys(given)[0] ?? PAIRS_OPERATION,
    );
  }
  if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs)) {
    throw new OperationSpecError('must be an object', PAIRS_OPERATION);
  }
  return {
    [PAIRS_OPERATION]: {
      ...pairs,
      ...(input.syncDelete ? { SyncDelete: true } : {}),
      ...(input.compare ? { Compare: input.compare } : {}),
    },
  };
}

async function readOperationFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`--operation-file: cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseJson(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OperationSpecError(
      `${where} is not valid JSON (${(error as Error).message})`,
      '(json)',
      { cause: error },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OperationSpecError(
      `${where} must be a JSON object with one operation key, e.g. {"S3PutObjectCopy": {...}}`,
      '(json)',
    );
  }
  return value as Record<string, unknown>;
}
