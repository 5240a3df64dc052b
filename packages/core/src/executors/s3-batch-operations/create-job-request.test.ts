import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors.js';
import { buildCreateJobRequest, clientRequestToken } from './create-job-request.js';
import { toS3ControlOperation } from './operation.js';
import type { CreateBatchOperationsJobInput } from './types.js';

const TAGGING = { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } };

function input(
  overrides: Partial<CreateBatchOperationsJobInput> = {},
): CreateBatchOperationsJobInput {
  return {
    accountId: '123456789012',
    operation: toS3ControlOperation(TAGGING),
    manifest: { format: 'csv', bucket: 'manifests', key: 'jobs/tag.csv', etag: '"abc123"' },
    report: { bucket: 'reports', prefix: 'tagging-job/', scope: 'FailedTasksOnly' },
    roleArn: 'arn:aws:iam::123456789012:role/S3BatchOperationsRole',
    ...overrides,
  };
}

describe('batchops: CreateJob request', () => {
  it('builds the exact request S3 Control expects, confirmation required by default', () => {
    // Act
    const request = buildCreateJobRequest(input({ priority: 42, description: 'tag everything' }));

    // Assess
    expect(request).toEqual({
      AccountId: '123456789012',
      ConfirmationRequired: true,
      Operation: TAGGING,
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820', Fields: ['Bucket', 'Key'] },
        Location: { ObjectArn: 'arn:aws:s3:::manifests/jobs/tag.csv', ETag: 'abc123' },
      },
      Report: {
        Enabled: true,
        Bucket: 'arn:aws:s3:::reports',
        Format: 'Report_CSV_20180820',
        Prefix: 'tagging-job',
        ReportScope: 'FailedTasksOnly',
      },
      Priority: 42,
      RoleArn: 'arn:aws:iam::123456789012:role/S3BatchOperationsRole',
      Description: 'tag everything',
      ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('an inventory manifest with a version, no report, no confirmation', () => {
    // Act
    const request = buildCreateJobRequest(
      input({
        manifest: {
          format: 'inventory',
          bucket: 'inv',
          key: 'x/manifest.json',
          etag: 'e',
          versionId: 'v3',
        },
        confirmationRequired: false,
      }),
    );
    const { report: _omit, ...withoutReport } = input();
    const none = buildCreateJobRequest(withoutReport);

    // Assess
    expect(request.Manifest).toEqual({
      Spec: { Format: 'S3InventoryReport_CSV_20161130' },
      Location: { ObjectArn: 'arn:aws:s3:::inv/x/manifest.json', ETag: 'e', ObjectVersionId: 'v3' },
    });
    expect(request.ConfirmationRequired).toBe(false);
    expect(none.Report).toEqual({ Enabled: false });
  });

  it('the ClientRequestToken is the same for the same request and differs otherwise', () => {
    // Act
    const a = buildCreateJobRequest(input()).ClientRequestToken;
    const again = buildCreateJobRequest(input()).ClientRequestToken;
    const other = buildCreateJobRequest(input({ priority: 11 })).ClientRequestToken;

    // Assess
    expect(again).toBe(a);
    expect(other).not.toBe(a);
    expect(clientRequestToken({ B: 1, A: 2 } as never)).toBe(
      clientRequestToken({ A: 2, B: 1 } as never),
    );
  });
});

describe('batchops: Operation for S3 Control', () => {
  it('passes validated specs through, dates as Date', () => {
    const op = toS3ControlOperation({
      S3PutObjectRetention: {
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2031-01-01T00:00:00Z' },
      },
    });
    expect(op).toEqual({
      S3PutObjectRetention: {
        BypassGovernanceRetention: false,
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date('2031-01-01T00:00:00Z') },
      },
    });
  });

  it('hands S3ReplicateObject and S3UpdateObjectEncryption to the service as given', () => {
    // Prepare
    const encryption = {
      ObjectEncryption: {
        SSEKMS: {
          KMSKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          BucketKeyEnabled: true,
        },
      },
    };

    // Act
    const replicate = toS3ControlOperation({ S3ReplicateObject: {} });
    const update = toS3ControlOperation({ S3UpdateObjectEncryption: encryption });

    // Assess
    expect(replicate).toEqual({ S3ReplicateObject: {} });
    expect(update).toEqual({ S3UpdateObjectEncryption: encryption });
    expect(() => toS3ControlOperation({ S3BulkVerify: {} })).toThrow(/--function-arn/);
  });

  it('refuses an s3bulk-only operation without --function-arn, saying what to do', () => {
    expect(() => toS3ControlOperation({ S3BulkDelete: {} })).toThrow(ConfigError);
    expect(() => toS3ControlOperation({ S3BulkDelete: {} })).toThrow(/--function-arn/);
  });

  it('wraps any operation in a LambdaInvoke of the s3bulk handler with --function-arn', () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:s3bulk-batch';
    expect(toS3ControlOperation({ S3BulkDelete: {} }, arn)).toEqual({
      LambdaInvoke: {
        FunctionArn: arn,
        InvocationSchemaVersion: '2.0',
        UserArguments: { operation: '{"S3BulkDelete":{}}' },
      },
    });
  });

  it('names the field of a bad Operation JSON', () => {
    expect(() => toS3ControlOperation({ S3PutObjectTagging: { TagSet: 'x' } })).toThrow(
      expect.objectContaining({ field: 'S3PutObjectTagging.TagSet' }),
    );
  });
});
