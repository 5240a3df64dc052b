import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { OperationSpecError } from '../errors.js';
import { bucketArn, bucketFromArn, parseSpec, s3TagSet, timestamp } from './spec-schema.js';

const schema = z.strictObject({
  Mode: z.enum(['FAST', 'SLOW']),
  Count: z.number().int().optional(),
  Target: bucketArn.optional(),
  When: timestamp.optional(),
  Tags: s3TagSet.optional(),
  Nested: z
    .strictObject({ Items: z.array(z.strictObject({ Name: z.string() })).optional() })
    .optional(),
});

function failure(value: unknown): OperationSpecError {
  try {
    parseSpec(schema, value, 'MyOperation');
  } catch (error) {
    if (error instanceof OperationSpecError) return error;
    throw error;
  }
  throw new Error('expected the spec to be refused');
}

describe('operations: spec schema helpers', () => {
  it('returns the parsed value when it validates', () => {
    // Act
    const spec = parseSpec(
      schema,
      { Mode: 'FAST', When: '2030-05-01T00:00:00Z', Target: 'arn:aws:s3:::my-bucket' },
      'MyOperation',
    );

    // Assess
    expect(spec).toEqual({
      Mode: 'FAST',
      When: new Date('2030-05-01T00:00:00Z'),
      Target: 'arn:aws:s3:::my-bucket',
    });
  });

  it.each([
    [{ Mode: 'MEDIUM' }, 'MyOperation.Mode', 'must be one of "FAST", "SLOW"'],
    [{}, 'MyOperation.Mode', 'is required'],
    [{ Mode: 'FAST', Count: '3' }, 'MyOperation.Count', 'must be number, not string "3"'],
    [{ Mode: 'FAST', Count: [] }, 'MyOperation.Count', 'must be number, not an array'],
    [
      { Mode: 'FAST', Speed: 1 },
      'MyOperation.Speed',
      'is not a known field (allowed: Mode, Count, Target, When, Tags, Nested)',
    ],
    [
      { Mode: 'FAST', Nested: { Items: [{ Name: 'a' }, { Nam: 'b' }] } },
      'MyOperation.Nested.Items.1.Nam',
      'is not a known field (allowed: Name)',
    ],
    [{ Mode: 'FAST', Target: 'my-bucket' }, 'MyOperation.Target', 'bucket ARN'],
    [{ Mode: 'FAST', When: 'soon' }, 'MyOperation.When', 'ISO 8601'],
    [{ Mode: 'FAST', Tags: [{ Key: '', Value: 'v' }] }, 'MyOperation.Tags.0.Key', ''],
  ])('refuses %j naming %s', (value, field, message) => {
    // Act
    const error = failure(value);

    // Assess
    expect(error.field).toBe(field);
    expect(error.code).toBe('InvalidOperation');
    expect(error.message.startsWith(`${field} `)).toBe(true);
    expect(error.message).toContain(message);
  });

  it('says how many more problems there are', () => {
    expect(failure({ Mode: 'NO', Count: 'x' }).message).toMatch(/\(and 1 more\)$/);
  });

  it.each([
    ['arn:aws:s3:::bucket-1', 'bucket-1'],
    ['arn:aws-cn:s3:::bucket-1', 'bucket-1'],
    ['arn:aws:s3:::bucket/key', undefined],
    ['bucket-1', undefined],
  ])('reads the bucket of %s', (arn, bucket) => {
    expect(bucketFromArn(arn)).toBe(bucket);
  });

  it('accepts epoch seconds and Date values as timestamps', () => {
    expect(timestamp.parse(1_700_000_000)).toEqual(new Date(1_700_000_000_000));
    expect(timestamp.parse(new Date(5))).toEqual(new Date(5));
  });
});
