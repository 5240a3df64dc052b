import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { TaskFailure } from '../errors.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

/** S3 Batch Operations restores with these tiers only (no Expedited). */
export const GLACIER_JOB_TIERS = ['BULK', 'STANDARD'] as const;

export const initiateRestoreSpecSchema = lazySchema(() =>
  z.strictObject({
    ExpirationInDays: z
      .number()
      .int('must be a whole number of days, at least 1')
      .min(1, 'must be a whole number of days, at least 1')
      .optional(),
    GlacierJobTier: z.enum(GLACIER_JOB_TIERS).default('STANDARD'),
  }),
);

/**
 * `{"S3InitiateRestoreObject": {"ExpirationInDays": 7, "GlacierJobTier": "BULK"}}`. Leave out
 * ExpirationInDays for S3 Intelligent-Tiering archive tiers (S3 rejects it there).
 */
export type InitiateRestoreSpec = z.output<ReturnType<typeof initiateRestoreSpecSchema>>;

interface S3ErrorShape {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function errorCode(error: unknown): string | undefined {
  const e = (typeof error === 'object' && error !== null ? error : {}) as S3ErrorShape;
  return e.Code ?? e.name;
}

/** Start a restore of each archived object; a restore already running counts as done. */
export const initiateRestoreOperation: OperationDefinition<InitiateRestoreSpec> = {
  name: 'S3InitiateRestoreObject',
  parse: (value) => parseSpec(initiateRestoreSpecSchema(), value, 'S3InitiateRestoreObject'),
  create(spec): Operation {
    return {
      name: 'S3InitiateRestoreObject',
      spec,
      requestsOf: () => ({ requests: { RestoreObject: 1 } }),
      async run(task, context) {
        const { RestoreObjectCommand } = await loadSdk('s3');
        const tier = spec.GlacierJobTier === 'BULK' ? 'Bulk' : 'Standard';
        const days = spec.ExpirationInDays;
        try {
          const out = await context.s3.destination.send(
            new RestoreObjectCommand({
              ...writeTarget(task, context),
              RestoreRequest: {
                ...(days !== undefined ? { Days: days } : {}),
                GlacierJobParameters: { Tier: tier },
              },
            }),
            { abortSignal: context.signal },
          );
          // 200: the object was already restored and S3 only moved its expiry; 202: started.
          const extended = out.$metadata.httpStatusCode === 200;
          return {
            message: extended
              ? `already restored; expiry set to ${days ?? 'the tier default'} day(s) from now`
              : `restore started (${spec.GlacierJobTier}${days !== undefined ? `, ${days} day(s)` : ''})`,
          };
        } catch (error) {
          const code = errorCode(error);
          if (code === 'RestoreAlreadyInProgress') {
            return { message: 'restore already in progress; nothing to do' };
          }
          if (code === 'InvalidObjectState') {
            const storageClass = task.facts?.storageClass;
            throw new TaskFailure(
              `${describeObject(task)} is not in an archive tier${storageClass ? ` (storage class ${storageClass})` : ''}: ` +
                'only GLACIER, DEEP_ARCHIVE and Intelligent-Tiering archive objects can be restored',
              'InvalidObjectState',
              { temporary: false, httpStatus: 403, cause: error },
            );
          }
          throw error;
        }
      },
    };
  },
};
