import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import { DeleteBatcher, MAX_DELETE_BATCH } from './sync-delete-batcher.js';
import type { Operation, OperationDefinition } from './types.js';

export const bulkDeleteSpecSchema = lazySchema(() =>
  z.strictObject({
    BatchSize: z
      .number()
      .int()
      .min(1)
      .max(MAX_DELETE_BATCH, `must be at most ${MAX_DELETE_BATCH} (S3's DeleteObjects limit)`)
      .default(MAX_DELETE_BATCH),
    LingerMs: z.number().int().min(0).max(1000).default(20),
    BypassGovernanceRetention: z.boolean().default(false),
  }),
);

/**
 * s3bulk's own `{"S3BulkDelete": {}}`: delete each listed object, or the listed version when the
 * manifest has a VersionId. Optional: `BatchSize` (1-1000), `LingerMs`, `BypassGovernanceRetention`.
 */
export type BulkDeleteSpec = z.output<ReturnType<typeof bulkDeleteSpecSchema>>;

/**
 * Delete objects through DeleteObjects batches while the engine still runs one task each: the
 * tasks in flight join one request and each settles from its key's entry in the response.
 */
export const bulkDeleteOperation: OperationDefinition<BulkDeleteSpec> = {
  name: 'S3BulkDelete',
  parse: (value) => parseSpec(bulkDeleteSpecSchema(), value, 'S3BulkDelete'),
  create(spec): Operation {
    const batcher = new DeleteBatcher({ maxBatchSize: spec.BatchSize, lingerMs: spec.LingerMs });
    return {
      name: 'S3BulkDelete',
      spec,
      requestsOf: (task) => batcher.requestsOf(task.object),
      async run(task, context) {
        const owner = context.settings.expectedBucketOwner;
        await batcher.delete(context.s3.destination, task.object, {
          ...(owner ? { expectedBucketOwner: owner } : {}),
          ...(spec.BypassGovernanceRetention ? { bypassGovernanceRetention: true } : {}),
        });
        const { versionId } = task.object;
        return {
          message: versionId ? `deleted version ${versionId}` : `deleted ${describeObject(task)}`,
        };
      },
    };
  },
};
