import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

/** The operation takes no parameters: `{"S3DeleteObjectTagging": {}}`. */
export const deleteObjectTaggingSpecSchema = lazySchema(() => z.strictObject({}));

export type DeleteObjectTaggingSpec = z.output<ReturnType<typeof deleteObjectTaggingSpecSchema>>;

/** Remove every tag of each object. */
export const deleteObjectTaggingOperation: OperationDefinition<DeleteObjectTaggingSpec> = {
  name: 'S3DeleteObjectTagging',
  parse: (value) => parseSpec(deleteObjectTaggingSpecSchema(), value, 'S3DeleteObjectTagging'),
  create(spec): Operation {
    return {
      name: 'S3DeleteObjectTagging',
      spec,
      requestsOf: () => ({ requests: { DeleteObjectTagging: 1 } }),
      async run(task, context) {
        const { DeleteObjectTaggingCommand } = await loadSdk('s3');
        await context.s3.destination.send(
          new DeleteObjectTaggingCommand(writeTarget(task, context)),
          { abortSignal: context.signal },
        );
        return { message: `deleted all tags of ${describeObject(task)}` };
      },
    };
  },
};
