import type * as z from 'zod';

/**
 * The one way s3bulk builds a zod schema it does not always need: on first use, then kept. A job
 * parses one operation (and an inventory manifest only when it reads one): built when their
 * modules loaded, the other operations' schemas cost every start zod work it never used
 * (docs/benchmarks.md, "Schemas built on first use").
 */
export function lazySchema<TSchema extends z.ZodType>(build: () => TSchema): () => TSchema {
  let schema: TSchema | undefined;
  return () => (schema ??= build());
}
