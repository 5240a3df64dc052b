import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { describeObject, writeTarget } from './object-target.js';
import type { Operation, OperationDefinition } from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

/** S3 allows at most 10 tags per object; keys 1-128 and values 0-256 Unicode characters. */
const MAX_TAGS = 10;

const tagSchema = lazySchema(() =>
  z.strictObject({
    Key: z.string().min(1, 'must be 1 to 128 characters').max(128, 'must be 1 to 128 characters'),
    Value: z.string().max(256, 'must be at most 256 characters'),
  }),
);

export const putObjectTaggingSpecSchema = lazySchema(() =>
  z.strictObject({
    TagSet: z
      .array(tagSchema())
      .max(MAX_TAGS, `must hold at most ${MAX_TAGS} tags (S3's limit per object)`)
      .refine((tags) => new Set(tags.map((t) => t.Key)).size === tags.length, {
        message: 'has the same Key twice; tag keys must be unique',
      }),
  }),
);

/** `{"S3PutObjectTagging": {"TagSet": [{"Key": "k", "Value": "v"}]}}` */
export type PutObjectTaggingSpec = z.output<ReturnType<typeof putObjectTaggingSpecSchema>>;

/** Replace all tags of each object (S3 semantics: tags not in TagSet are removed). */
export const putObjectTaggingOperation: OperationDefinition<PutObjectTaggingSpec> = {
  name: 'S3PutObjectTagging',
  parse: (value) => parseSpec(putObjectTaggingSpecSchema(), value, 'S3PutObjectTagging'),
  create(spec): Operation {
    return {
      name: 'S3PutObjectTagging',
      spec,
      requestsOf: () => ({ requests: { PutObjectTagging: 1 } }),
      async run(task, context) {
        const { PutObjectTaggingCommand } = await loadSdk('s3');
        await context.s3.destination.send(
          new PutObjectTaggingCommand({
            ...writeTarget(task, context),
            Tagging: { TagSet: spec.TagSet.map((t) => ({ Key: t.Key, Value: t.Value })) },
          }),
          { abortSignal: context.signal },
        );
        const count = spec.TagSet.length;
        return {
          message:
            count === 0
              ? `removed all tags of ${describeObject(task)}`
              : `replaced tags of ${describeObject(task)} with ${count} tag${count === 1 ? '' : 's'}`,
        };
      },
    };
  },
};
