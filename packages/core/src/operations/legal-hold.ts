import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

export const LEGAL_HOLD_STATUSES = ['ON', 'OFF'] as const;

export const putLegalHoldSpecSchema = lazySchema(() =>
  z.strictObject({
    LegalHold: z.strictObject({
      Status: z.enum(LEGAL_HOLD_STATUSES),
    }),
  }),
);

/** `{"S3PutObjectLegalHold": {"LegalHold": {"Status": "ON"}}}` (needs an Object Lock bucket). */
export type PutLegalHoldSpec = z.output<ReturnType<typeof putLegalHoldSpecSchema>>;

/** Place or remove a legal hold on each object (version). */
export const putLegalHoldOperation: OperationDefinition<PutLegalHoldSpec> = {
  name: 'S3PutObjectLegalHold',
  parse: (value) => parseSpec(putLegalHoldSpecSchema(), value, 'S3PutObjectLegalHold'),
  create(spec): Operation {
    const status = spec.LegalHold.Status;
    return {
      name: 'S3PutObjectLegalHold',
      spec,
      requestsOf: () => ({ requests: { PutObjectLegalHold: 1 } }),
      async run(task, context) {
        const { PutObjectLegalHoldCommand } = await loadSdk('s3');
        await context.s3.destination.send(
          new PutObjectLegalHoldCommand({
            ...writeTarget(task, context),
            LegalHold: { Status: status },
          }),
          { abortSignal: context.signal },
        );
        return { message: `legal hold ${status} on ${describeObject(task)}` };
      },
    };
  },
};
