import { describe, expect, it } from 'vitest';
import { OperationSpecError } from '../errors.js';
import { knownOperationNames, parseOperation } from './registry.js';

function specError(fn: () => unknown): OperationSpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OperationSpecError) return error;
    throw error;
  }
  throw new Error('expected an OperationSpecError');
}

describe('operations: registry', () => {
  it('parses the S3 Control Operation JSON, as text or as a value', () => {
    // Prepare
    const json = { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest-bucket' } };

    // Act
    const fromValue = parseOperation(json);
    const fromText = parseOperation(JSON.stringify(json));

    // Assess
    expect(fromValue.name).toBe('S3PutObjectCopy');
    expect(fromText.spec).toEqual(fromValue.spec);
  });

  it('gives pairs manifests their own operation, with an empty spec allowed', () => {
    expect(parseOperation({ S3BulkPairs: {} }).name).toBe('S3BulkPairs');
    expect(parseOperation({ S3BulkPairs: { SyncDelete: true } }).spec).toEqual({
      SyncDelete: true,
    });
  });

  it('names the allowed operations for an unknown key', () => {
    // Act
    const error = specError(() => parseOperation({ S3PutObjectCopyy: {} }));

    // Assess
    expect(error.field).toBe('S3PutObjectCopyy');
    expect(error.message).toContain('unknown operation "S3PutObjectCopyy"');
    for (const name of knownOperationNames()) expect(error.message).toContain(name);
  });

  it.each([
    ['no key', {}, /no key/],
    [
      'several keys',
      { S3PutObjectCopy: {}, S3BulkPairs: {} },
      /2 keys \(S3PutObjectCopy, S3BulkPairs\)/,
    ],
    ['an array', [], /must be a JSON object/],
    ['null', null, /must be a JSON object/],
    ['bad JSON text', '{"S3PutObjectCopy": ', /not valid JSON/],
  ])('refuses %s', (_name, input, message) => {
    // Act
    const error = specError(() => parseOperation(input));

    // Assess
    expect(error.field).toBe('Operation');
    expect(error.code).toBe('InvalidOperation');
    expect(error.message).toMatch(message);
  });

  it('does not take inherited keys for operations', () => {
    const error = specError(() => parseOperation({ toString: {} }));
    expect(error.message).toContain('unknown operation "toString"');
  });

  it('round-trips a parsed spec through JSON (jobs persist it)', () => {
    // Prepare
    const first = parseOperation({
      S3PutObjectCopy: {
        TargetResource: 'arn:aws:s3:::dest-bucket',
        ObjectLockMode: 'GOVERNANCE',
        ObjectLockRetainUntilDate: '2030-01-01T00:00:00Z',
      },
    });

    // Act
    const again = parseOperation({ S3PutObjectCopy: JSON.parse(JSON.stringify(first.spec)) });

    // Assess
    expect(again.spec).toEqual(first.spec);
  });
});
