import { z } from 'zod';
import { TaskFailure } from '../errors.js';
import { classifyError } from '../s3/errors.js';
import { DeleteBatcher, MAX_DELETE_BATCH } from './bulk-delete-batcher.js';
import { describeObject } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationDefinition } from './types.js';

export const bulkDeleteSpecSchema = z.strictObject({
  BatchSize: z
    .number()
    .int()
    .min(1)
    .max(MAX_DELETE_BATCH, `must be at most ${MAX_DELETE_BATCH} (S3's DeleteObjects limit)`)
    .default(MAX_DELETE_BATCH),
  LingerMs: z.number().int().min(0).max(1000).default(20),
  BypassGovernanceRetention: z.boolean().default(false),
});

/**
 * s3bulk's own `{"S3BulkDelete": {}}`: delete each listed object, or the listed version when the
 * manifest has a VersionId. Optional: `BatchSize` (1-1000), `LingerMs`, `BypassGovernanceRetention`.
 */
export type BulkDeleteSpec = z.output<typeof bulkDeleteSpecSchema>;

/** Delete objects through DeleteObjects batches while the engine still runs one task each. */
export const bulkDeleteOperation: OperationDefinition<BulkDeleteSpec> = {
  name: 'S3BulkDelete',
  parse: (value) => parseSpec(bulkDeleteSpecSchema, value, 'S3BulkDelete'),
  create(spec): Operation {
    const batcher = new DeleteBatcher({
      batchSize: spec.BatchSize,
      lingerMs: spec.LingerMs,
      bypassGovernanceRetention: spec.BypassGovernanceRetention,
    });
    return {
      name: 'S3BulkDelete',
      spec,
      async run(task, context) {
        const { bucket, key, versionId } = task.object;
        const result = await batcher.delete(
          context.s3.destination,
          bucket,
          key,
          versionId,
          context.settings.expectedBucketOwner,
          context.signal,
        );
        if ('error' in result) {
          const { code, message } = result.error;
          const kind = classifyError({ Code: code, message });
          throw new TaskFailure(
            `could not delete ${describeObject(task)}: ${code}: ${message}`,
            code,
            {
              temporary: kind.temporary,
            },
          );
        }
        return result;
      },
    };
  },
};
