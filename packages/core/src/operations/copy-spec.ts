import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { bucketArn, parseSpec, s3TagSet, timestamp } from './spec-schema.js';

const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'GLACIER',
  'INTELLIGENT_TIERING',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
] as const;

const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'aws-exec-read',
  'authenticated-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;

/** `NewObjectMetadata` (S3ObjectMetadata). ContentLength and RequesterCharged are accepted and unused. */
export const objectMetadataSchema = lazySchema(() =>
  z.strictObject({
    CacheControl: z.string().optional(),
    ContentDisposition: z.string().optional(),
    ContentEncoding: z.string().optional(),
    ContentLanguage: z.string().optional(),
    UserMetadata: z.record(z.string(), z.string()).optional(),
    ContentLength: z.number().int().nonnegative().optional(),
    ContentMD5: z.string().optional(),
    ContentType: z.string().optional(),
    HttpExpiresDate: timestamp.optional(),
    RequesterCharged: z.boolean().optional(),
    SSEAlgorithm: z.enum(['AES256', 'KMS']).optional(),
  }),
);

/** `AccessControlGrants` items (S3Grant). */
export const grantSchema = lazySchema(() =>
  z.strictObject({
    Grantee: z.strictObject({
      TypeIdentifier: z.enum(['id', 'emailAddress', 'uri']),
      Identifier: z.string().min(1),
      DisplayName: z.string().optional(),
    }),
    // WRITE is a bucket permission; objects take only these.
    Permission: z.enum(['FULL_CONTROL', 'READ', 'READ_ACP', 'WRITE_ACP']),
  }),
);

// SSEAlgorithm is encryption, not metadata; the other two are response-only fields.
const NOT_METADATA = new Set(['SSEAlgorithm', 'RequesterCharged', 'ContentLength']);

/** Options that shape the written object: shared by S3PutObjectCopy and S3BulkPairs. */
export const copyOptionsShape = {
  StorageClass: z.enum(STORAGE_CLASSES).optional(),
  CannedAccessControlList: z.enum(CANNED_ACLS).optional(),
  AccessControlGrants: z.array(grantSchema()).optional(),
  MetadataDirective: z.enum(['COPY', 'REPLACE']).optional(),
  NewObjectMetadata: objectMetadataSchema().optional(),
  NewObjectTagging: s3TagSet.optional(),
  RedirectLocation: z.string().max(2048).optional(),
  RequesterPays: z.boolean().optional(),
  ModifiedSinceConstraint: timestamp.optional(),
  UnModifiedSinceConstraint: timestamp.optional(),
  SSEAwsKmsKeyId: z.string().min(1).optional(),
  BucketKeyEnabled: z.boolean().optional(),
  ChecksumAlgorithm: z.enum(['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME']).optional(),
  ObjectLockLegalHoldStatus: z.enum(['OFF', 'ON']).optional(),
  ObjectLockMode: z.enum(['COMPLIANCE', 'GOVERNANCE']).optional(),
  ObjectLockRetainUntilDate: timestamp.optional(),
};

/** The value under `S3PutObjectCopy` in the `Operation` JSON. */
export const copySpecSchema = lazySchema(() =>
  z.strictObject({
    TargetResource: bucketArn,
    TargetKeyPrefix: z.string().max(1024).optional(),
    ...copyOptionsShape,
  }),
);

export type CopyOptions = z.output<z.ZodObject<typeof copyOptionsShape>>;
export type CopySpec = z.output<ReturnType<typeof copySpecSchema>>;

/** Rules across fields that S3 would otherwise reject per object, thousands of times. */
export function checkCopyOptions(options: CopyOptions, root: string): void {
  const check = z.custom<CopyOptions>().superRefine((o, ctx) => {
    const metadata = o.NewObjectMetadata ?? {};
    const replaced = Object.keys(metadata).filter((k) => !NOT_METADATA.has(k));
    if (o.MetadataDirective === 'COPY' && replaced.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['NewObjectMetadata'],
        message: 'is only used with MetadataDirective REPLACE (or with MetadataDirective omitted)',
      });
    }
    if ((o.ObjectLockMode === undefined) !== (o.ObjectLockRetainUntilDate === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [o.ObjectLockMode === undefined ? 'ObjectLockMode' : 'ObjectLockRetainUntilDate'],
        message: 'ObjectLockMode and ObjectLockRetainUntilDate go together',
      });
    }
    if (o.BucketKeyEnabled && !o.SSEAwsKmsKeyId && metadata.SSEAlgorithm !== 'KMS') {
      ctx.addIssue({
        code: 'custom',
        path: ['BucketKeyEnabled'],
        message: 'needs SSE-KMS (SSEAwsKmsKeyId or NewObjectMetadata.SSEAlgorithm KMS)',
      });
    }
  });
  parseSpec(check, options, root);
}

/** Parse and check the `S3PutObjectCopy` value; throws `OperationSpecError` naming the field. */
export function parseCopySpec(value: unknown): CopySpec {
  const spec = parseSpec(copySpecSchema(), value, 'S3PutObjectCopy');
  checkCopyOptions(spec, 'S3PutObjectCopy');
  return spec;
}

/** The metadata directive in force: NewObjectMetadata alone implies REPLACE, as in S3 Batch Operations. */
export function metadataDirective(options: CopyOptions): 'COPY' | 'REPLACE' {
  if (options.MetadataDirective) return options.MetadataDirective;
  const given = Object.keys(options.NewObjectMetadata ?? {}).filter((k) => !NOT_METADATA.has(k));
  return given.length > 0 ? 'REPLACE' : 'COPY';
}
