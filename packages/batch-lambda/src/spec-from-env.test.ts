import { ENV } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { specFromEnv } from './spec-from-env.js';

describe('batch-lambda: spec from the environment', () => {
  it('translates every variable into the job file terms', () => {
    // Act
    const spec = specFromEnv({
      [ENV.awsRegion]: 'eu-west-1',
      [ENV.awsEndpointUrl]: 'http://127.0.0.1:9000',
      [ENV.destinationEndpointUrl]: 'http://127.0.0.1:9001',
      [ENV.destinationRegion]: 'us-west-2',
      [ENV.destinationRoleArn]: 'arn:aws:iam::444455556666:role/dst',
      [ENV.expectedBucketOwner]: '444455556666',
      [ENV.expectedSourceBucketOwner]: '111122223333',
      [ENV.maxAttempts]: '3',
      [ENV.multipartThreshold]: '10485760',
      [ENV.partSize]: '5242880',
      [ENV.operation]: '{"S3BulkDelete":{}}',
    });

    // Assess
    expect(spec).toEqual({
      aws: {
        region: 'eu-west-1',
        endpointUrl: 'http://127.0.0.1:9000',
        destinationEndpointUrl: 'http://127.0.0.1:9001',
        destinationRegion: 'us-west-2',
        destinationRoleArn: 'arn:aws:iam::444455556666:role/dst',
        expectedBucketOwner: '444455556666',
        expectedSourceBucketOwner: '111122223333',
        // The role is assumed through STS at the function's own endpoint.
        endpoints: { sts: 'http://127.0.0.1:9000' },
      },
      engine: { maxAttempts: 3 },
      operationSettings: { multipartThreshold: 10485760, partSize: 5242880 },
      operation: '{"S3BulkDelete":{}}',
    });
  });

  it('checks the source owner only when it is set, as the CLI and the worker do', () => {
    // Act
    const spec = specFromEnv({ [ENV.expectedBucketOwner]: '111122223333' });

    // Assess
    expect(spec.aws.expectedBucketOwner).toBe('111122223333');
    expect(spec.aws.expectedSourceBucketOwner).toBeUndefined();
  });

  it('an empty environment is the defaults: no settings, no operation', () => {
    expect(specFromEnv({ [ENV.operation]: '' })).toEqual({
      aws: {},
      engine: {},
      operationSettings: {},
    });
  });

  it.each([
    [ENV.maxAttempts, '0', /S3BULK_MAX_ATTEMPTS="0" must be a positive whole number of attempts/],
    [ENV.partSize, '5MB', /S3BULK_PART_SIZE="5MB" must be a positive whole number of bytes/],
  ])('%s=%s is a configuration error naming it', (name, value, message) => {
    expect(() => specFromEnv({ [name]: value })).toThrow(message);
  });
});
