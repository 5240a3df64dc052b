import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec, timestamp } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

export const RETENTION_MODES = ['COMPLIANCE', 'GOVERNANCE'] as const;

export const putRetentionSpecSchema = lazySchema(() =>
  z.strictObject({
    BypassGovernanceRetention: z.boolean().default(false),
    Retention: z
      .strictObject({
        Mode: z.enum(RETENTION_MODES).optional(),
        RetainUntilDate: timestamp.optional(),
      })
      .refine((r) => (r.Mode === undefined) === (r.RetainUntilDate === undefined), {
        message:
          'needs Mode and RetainUntilDate together (or neither, with BypassGovernanceRetention, to remove a GOVERNANCE retention)',
      }),
  }),
);

/**
 * `{"S3PutObjectRetention": {"Retention": {"Mode": "GOVERNANCE", "RetainUntilDate":
 * "2030-01-01T00:00:00Z"}, "BypassGovernanceRetention": false}}` (needs an Object Lock bucket).
 */
export type PutRetentionSpec = z.output<ReturnType<typeof putRetentionSpecSchema>>;

/** Set (or, with no Mode and date, remove) the Object Lock retention of each object. */
export const putRetentionOperation: OperationDefinition<PutRetentionSpec> = {
  name: 'S3PutObjectRetention',
  parse: (value) => parseSpec(putRetentionSpecSchema(), value, 'S3PutObjectRetention'),
  create(spec): Operation {
    const { Mode, RetainUntilDate } = spec.Retention;
    const what = Mode
      ? `retention ${Mode} until ${RetainUntilDate?.toISOString()}`
      : 'removed retention';
    return {
      name: 'S3PutObjectRetention',
      spec,
      requestsOf: () => ({ requests: { PutObjectRetention: 1 } }),
      async run(task, context) {
        const { PutObjectRetentionCommand } = await loadSdk('s3');
        await context.s3.destination.send(
          new PutObjectRetentionCommand({
            ...writeTarget(task, context),
            Retention: {
              ...(Mode ? { Mode } : {}),
              ...(RetainUntilDate ? { RetainUntilDate } : {}),
            },
            ...(spec.BypassGovernanceRetention ? { BypassGovernanceRetention: true } : {}),
          }),
          { abortSignal: context.signal },
        );
        return { message: `${what} on ${describeObject(task)}` };
      },
    };
  },
};
