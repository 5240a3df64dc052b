import { describe, expect, it } from 'vitest';
import { buildCreateJobRequest } from './create-job-request.js';
import { jobSpecFromCreateJob } from './job-spec-from-create-job.js';
import { toS3ControlOperation } from './operation.js';

const IDENTITY = {
  jobId: 'job-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  aws: { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' },
};
const TAGGING = { S3PutObjectTagging: { TagSet: [{ Key: 'team', Value: 'data' }] } };

describe('batchops: CreateJob request -> JobSpec', () => {
  it('is the inverse of buildCreateJobRequest for a csv manifest and a report', () => {
    // Prepare
    const request = buildCreateJobRequest({
      accountId: '123456789012',
      operation: toS3ControlOperation(TAGGING),
      manifest: {
        format: 'csv',
        bucket: 'manifests',
        key: 'jobs/tag.csv',
        etag: '"abc"',
        fields: ['Bucket', 'Key', 'VersionId'],
      },
      report: { bucket: 'reports', prefix: 'tagging', scope: 'FailedTasksOnly' },
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });

    // Act
    const { spec, manifestObject } = jobSpecFromCreateJob(request, IDENTITY);

    // Assess
    expect(spec).toEqual({
      version: 1,
      jobId: 'job-1',
      createdAt: '2026-01-01T00:00:00.000Z',
      manifest: {
        format: 'csv',
        location: 's3://manifests/jobs/tag.csv',
        fields: ['Bucket', 'Key', 'VersionId'],
      },
      operation: TAGGING,
      report: { location: 's3://reports/tagging', scope: 'FailedTasksOnly' },
      engine: {},
      aws: IDENTITY.aws,
    });
    expect(manifestObject).toEqual({ bucket: 'manifests', key: 'jobs/tag.csv', etag: 'abc' });
  });

  it('an inventory manifest, no report, dates of the operation as ISO strings', () => {
    // Act
    const { spec } = jobSpecFromCreateJob(
      {
        Operation: {
          S3PutObjectRetention: {
            Retention: { Mode: 'GOVERNANCE', RetainUntilDate: new Date('2031-01-01T00:00:00Z') },
          },
        },
        Manifest: {
          Spec: { Format: 'S3InventoryReport_CSV_20161130' },
          Location: { ObjectArn: 'arn:aws:s3:::inv/x/manifest.json', ETag: 'e' },
        },
        Report: { Enabled: false },
        Priority: 1,
        RoleArn: 'r',
        ClientRequestToken: 't',
      },
      IDENTITY,
    );

    // Assess
    expect(spec.manifest).toEqual({ format: 'inventory', location: 's3://inv/x/manifest.json' });
    expect(spec.report).toBeUndefined();
    expect(spec.operation).toEqual({
      S3PutObjectRetention: {
        Retention: { Mode: 'GOVERNANCE', RetainUntilDate: '2031-01-01T00:00:00.000Z' },
      },
    });
  });

  it('a ManifestGenerator becomes a generated manifest with its filters and output', () => {
    // Act
    const { spec, manifestObject } = jobSpecFromCreateJob(
      {
        Operation: TAGGING,
        ManifestGenerator: {
          S3JobManifestGenerator: {
            SourceBucket: 'arn:aws:s3:::src',
            ExpectedBucketOwner: '123456789012',
            EnableManifestOutput: true,
            ManifestOutputLocation: {
              Bucket: 'arn:aws:s3:::out',
              ManifestPrefix: 'gen',
              ManifestFormat: 'S3InventoryReport_CSV_20211130',
            },
            Filter: {
              KeyNameConstraint: { MatchAnyPrefix: ['logs/'], MatchAnySuffix: ['.gz'] },
              ObjectSizeGreaterThanBytes: 10,
              ObjectSizeLessThanBytes: 100,
              MatchAnyStorageClass: ['STANDARD'],
            },
          },
        },
        Report: { Enabled: false },
        Priority: 1,
        RoleArn: 'r',
        ClientRequestToken: 't',
      },
      IDENTITY,
    );

    // Assess
    expect(manifestObject).toBeUndefined();
    expect(spec.aws.expectedSourceBucketOwner).toBe('123456789012');
    expect(spec.manifest).toEqual({
      format: 'generate',
      bucket: 'src',
      filters: {
        keyPrefix: 'logs/',
        keySuffix: '.gz',
        minSize: 11,
        maxSize: 99,
        storageClasses: ['STANDARD'],
      },
      output: 's3://out/gen/job-job-1/',
    });
  });

  it.each([
    [{ Operation: { S3Nope: {} } }, /S3Nope|Operation/],
    [
      { Manifest: { Spec: { Format: 'Other' }, Location: { ObjectArn: 'x', ETag: 'e' } } },
      /Format/,
    ],
    [
      {
        Manifest: {
          Spec: { Format: 'S3BatchOperations_CSV_20180820' },
          Location: { ObjectArn: 'arn:aws:s3:::b', ETag: 'e' },
        },
      },
      /ObjectArn/,
    ],
    [{ Report: undefined }, /Report/],
    [
      {
        Manifest: undefined,
        ManifestGenerator: {
          S3JobManifestGenerator: {
            SourceBucket: 'arn:aws:s3:::src',
            EnableManifestOutput: false,
            Filter: { EligibleForReplication: true },
          },
        },
      },
      /EligibleForReplication/,
    ],
  ])('refuses what it cannot honour (%#)', (overrides, message) => {
    // Prepare
    const request = {
      Operation: TAGGING,
      Manifest: {
        Spec: { Format: 'S3BatchOperations_CSV_20180820' },
        Location: { ObjectArn: 'arn:aws:s3:::b/k.csv', ETag: 'e' },
      },
      Report: { Enabled: false },
      Priority: 1,
      RoleArn: 'r',
      ClientRequestToken: 't',
      ...overrides,
    } as never;

    // Act / Assess
    expect(() => jobSpecFromCreateJob(request, IDENTITY)).toThrow(message);
    expect(() => jobSpecFromCreateJob(request, IDENTITY)).toThrow(Error);
  });
});
