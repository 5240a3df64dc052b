import * as z from 'zod';
import { MANIFEST_FORMAT_NAMES } from './constants.js';
import { OBJECT_ENCRYPTION_TYPES } from '../manifest/object-encryption.js';

// The job file: the one document every edge produces and every executor consumes. Dates are
// ISO 8601 strings in the file and `Date`s in memory; everything else is plain JSON.

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(new Date(value).getTime()), {
    message: 'not a date (use ISO 8601, e.g. 2026-01-31 or 2026-01-31T12:00:00Z)',
  })
  .transform((value) => new Date(value))
  .or(z.date())
  .describe('ISO 8601 date or date-time');

const csvField = z.enum(['Ignore', 'Bucket', 'Key', 'VersionId']);

const manifestFile = z
  .object({
    format: z.enum(MANIFEST_FORMAT_NAMES).describe('pairs, csv or inventory'),
    location: z
      .string()
      .min(1)
      .describe('Local path or s3://bucket/key (inventory: manifest.json)'),
    header: z.boolean().optional().describe('The first row is a header (pairs and csv)'),
    fields: z
      .array(csvField)
      .optional()
      .describe('Column order of a csv manifest; must include Bucket and Key'),
  })
  .strict();

const manifestFilters = z
  .object({
    createdAfter: isoDate.optional(),
    createdBefore: isoDate.optional(),
    keyPrefix: z.string().optional(),
    keySuffix: z.string().optional(),
    keySubstring: z.string().optional(),
    minSize: z.number().int().nonnegative().optional(),
    maxSize: z.number().int().nonnegative().optional(),
    storageClasses: z.array(z.string().min(1)).optional(),
    objectEncryption: z
      .array(
        z
          .object({
            type: z.enum(OBJECT_ENCRYPTION_TYPES),
            kmsKeyArn: z.string().min(1).optional(),
            bucketKeyEnabled: z.boolean().optional(),
          })
          .strict(),
      )
      .optional()
      .describe('MatchAnyObjectEncryption: one HEAD per listed object'),
  })
  .strict()
  .describe('The S3JobManifestGenerator filter set; every filter given must match');

const manifestGenerator = z
  .object({
    format: z.literal('generate'),
    bucket: z.string().min(1),
    prefix: z.string().optional(),
    filters: manifestFilters.optional(),
    allVersions: z
      .boolean()
      .optional()
      .describe(
        'List every version and delete marker (ListObjectVersions), each with its VersionId',
      ),
    output: z
      .string()
      .min(1)
      .optional()
      .describe('Where the listing is kept as an inventory manifest (default: the job folder)'),
  })
  .strict();

const objectManifest = z
  .object({
    format: z.literal('object'),
    location: z
      .string()
      .startsWith('s3://')
      .describe('s3://bucket/key of the one object the job runs on (a CSV to import)'),
  })
  .strict();

const report = z
  .object({
    location: z.string().min(1).describe('A local folder or s3://bucket/prefix'),
    scope: z.enum(['AllTasks', 'FailedTasksOnly']).default('AllTasks'),
  })
  .strict();

const positiveInt = z.number().int().positive();

const engine = z
  .object({
    concurrency: positiveInt.optional().describe('Tasks in flight at most (default 64)'),
    minConcurrency: positiveInt.optional().describe('Throttling floor (default 4)'),
    maxAttempts: positiveInt.optional().describe('Attempts per task (default 8)'),
    baseDelayMs: z.number().int().nonnegative().optional(),
    maxDelayMs: z.number().int().nonnegative().optional(),
    failureThreshold: z
      .object({
        minTasks: z.number().int().nonnegative(),
        ratio: z.number().min(0).max(1),
      })
      .strict()
      .optional()
      .describe('The job fails once minTasks ran and more than ratio of them failed'),
    attemptTimeoutMs: positiveInt.optional(),
  })
  .strict();

const aws = z
  .object({
    region: z.string().min(1).optional(),
    endpointUrl: z.url().optional().describe('S3 endpoint of both sides'),
    sourceProfile: z.string().min(1).optional(),
    destinationProfile: z.string().min(1).optional(),
    sourceEndpointUrl: z.url().optional(),
    destinationEndpointUrl: z.url().optional(),
    destinationRegion: z.string().min(1).optional(),
    destinationRoleArn: z
      .string()
      .startsWith('arn:')
      .optional()
      .describe('A role assumed for destination-side calls only'),
    expectedBucketOwner: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    expectedSourceBucketOwner: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit account id')
      .optional(),
    endpoints: z
      .object({
        lambda: z.url().optional(),
        dynamodb: z.url().optional(),
        sts: z.url().optional(),
      })
      .strict()
      .optional()
      .describe('Endpoints of the other services a job calls (default: the SDK chain)'),
  })
  .strict();

const operationSettings = z
  .object({
    multipartThreshold: positiveInt.optional(),
    partSize: positiveInt.optional(),
  })
  .strict();

/** The zod schema of a job file (`s3bulk plan --save-spec`, `--spec`, a job folder's spec.json). */
export const JOB_SPEC_SCHEMA = z
  .object({
    version: z.literal(1).describe('Version of the job file format'),
    jobId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/)
      .optional()
      .describe('Set when the job is created; absent in a job file written by plan'),
    createdAt: z.string().optional(),
    manifest: z.discriminatedUnion('format', [manifestFile, manifestGenerator, objectManifest]),
    operation: z
      .record(z.string(), z.unknown())
      .refine((value) => Object.keys(value).length === 1, {
        message: 'must hold exactly one operation, e.g. {"S3PutObjectTagging": {...}}',
      })
      .describe('The Operation JSON of `aws s3control create-job`, or an s3bulk operation'),
    report: report.optional(),
    engine: engine.default({}),
    aws: aws.default({}),
    operationSettings: operationSettings.optional(),
  })
  .strict();
