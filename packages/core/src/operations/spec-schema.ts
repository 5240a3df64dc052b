import * as z from 'zod';
import { OperationSpecError } from '../errors.js';
import { bucketNameProblem } from '../s3/url.js';

/** A zod issue as the user should read it: the dotted field path, then what was wrong. */
export function describeSpecIssue(
  issue: z.core.$ZodIssue,
  root: string,
): {
  field: string;
  message: string;
} {
  const field = [root, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  switch (issue.code) {
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      return {
        field,
        message:
          issue.input === undefined
            ? `is required (one of ${allowed})`
            : `must be one of ${allowed}`,
      };
    }
    case 'unrecognized_keys': {
      // Name the unknown key itself, as the path a user greps for.
      const unknown = issue.keys.map((k) => (field ? `${field}.${k}` : k));
      return { field: unknown[0] ?? field, message: `is not a known field` };
    }
    case 'invalid_type':
      return {
        field,
        message:
          issue.input === undefined
            ? `is required (${issue.expected})`
            : `must be ${issue.expected}, not ${describeInput(issue.input)}`,
      };
    default:
      return { field, message: issue.message };
  }
}

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object' : `${typeof input} ${JSON.stringify(input)}`;
}

/**
 * Validate `value` with `schema`; on failure throw an `OperationSpecError` naming the dotted path
 * (`S3PutObjectCopy.NewObjectMetadata.ContentType`) and, for enums and unknown keys, what is allowed.
 */
export function parseSpec<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  root: string,
): z.output<TSchema> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // A misspelt field also makes the real one "missing": name the misspelling first.
  const issues = result.error.issues;
  const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!first) throw new OperationSpecError(`${root}: invalid`, root, { cause: result.error });
  const { field, message } = describeSpecIssue(first, root);
  const allowed = allowedKeysHint(schema, first);
  const more =
    result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new OperationSpecError(`${field} ${message}${allowed}${more}`, field, {
    cause: result.error,
  });
}

// For an unknown key, list the keys the object at that path accepts.
function allowedKeysHint(schema: z.ZodType, issue: z.core.$ZodIssue): string {
  if (issue.code !== 'unrecognized_keys') return '';
  let node: unknown = schema;
  for (const part of issue.path) node = childSchema(node, part);
  const shape = objectShape(node);
  return shape ? ` (allowed: ${Object.keys(shape).join(', ')})` : '';
}

function objectShape(node: unknown): Record<string, unknown> | undefined {
  const unwrapped = unwrap(node);
  return unwrapped instanceof z.ZodObject
    ? (unwrapped.shape as Record<string, unknown>)
    : undefined;
}

function childSchema(node: unknown, part: PropertyKey): unknown {
  const unwrapped = unwrap(node);
  if (unwrapped instanceof z.ZodObject)
    return (unwrapped.shape as Record<PropertyKey, unknown>)[part];
  if (unwrapped instanceof z.ZodArray) return unwrapped.element;
  return undefined;
}

function unwrap(node: unknown): unknown {
  let current = node;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault ||
    current instanceof z.ZodPipe
  ) {
    current = current instanceof z.ZodPipe ? current.in : current.unwrap();
  }
  return current;
}

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;

/** The bucket of `arn:aws:s3:::bucket` (any partition), or undefined for anything else. */
export function bucketFromArn(arn: string): string | undefined {
  return BUCKET_ARN.exec(arn)?.[1];
}

/**
 * A bucket ARN `arn:aws:s3:::bucket`, checked against S3's bucket naming rules. It stays an ARN
 * so a parsed spec serialises back to the JSON it came from (read the bucket with `bucketFromArn`).
 */
export const bucketArn = z.string().superRefine((value, ctx) => {
  const bucket = bucketFromArn(value);
  const problem = bucket
    ? bucketNameProblem(bucket)
    : 'must be a bucket ARN like arn:aws:s3:::my-bucket';
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A timestamp as JSON carries it: ISO 8601 text, or epoch seconds as the AWS CLI accepts. */
export const timestamp = z.union([z.string(), z.number(), z.date()]).transform((value, ctx) => {
  const date =
    value instanceof Date ? value : new Date(typeof value === 'number' ? value * 1000 : value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `must be an ISO 8601 timestamp` });
    return z.NEVER;
  }
  return date;
});

/** An S3 tag (`{ Key, Value }`), as the S3 Control API spells it. */
export const s3Tag = z.strictObject({
  Key: z.string().min(1).max(128),
  Value: z.string().max(256),
});

/** A list of tags (S3 allows at most 10 per object). */
export const s3TagSet = z.array(s3Tag).max(10);
