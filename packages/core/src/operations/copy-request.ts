import type {
  CopyObjectCommandInput,
  CreateMultipartUploadCommandInput,
  HeadObjectCommandOutput,
  Tag,
} from '@aws-sdk/client-s3';
import { TaskFailure } from '../errors.js';
import { encodeKeyPath } from '../s3/url.js';
import type { ObjectRef } from '../types.js';
import { metadataDirective, type CopyOptions, type CopySpec } from './copy-spec.js';
import { bucketFromArn } from './spec-schema.js';
import type { OperationSettings, Task } from './types.js';

/** Where a copy goes and with which options. */
export interface CopyPlan {
  readonly source: ObjectRef;
  readonly target: ObjectRef;
  readonly options: CopyOptions;
}

/**
 * `bucket/key[?versionId=v]` with the key URL-encoded per path segment, as the
 * `x-amz-copy-source` header needs it (a raw `+` or `%` would be decoded by S3).
 */
export function encodeCopySource(source: ObjectRef): string {
  const key = encodeKeyPath(source.key);
  const version = source.versionId ? `?versionId=${encodeURIComponent(source.versionId)}` : '';
  return `${source.bucket}/${key}${version}`;
}

/** S3 Batch Operations puts objects "into the folder" TargetKeyPrefix: `prefix/key`. */
export function targetKey(sourceKey: string, targetKeyPrefix: string | undefined): string {
  if (!targetKeyPrefix) return sourceKey;
  return targetKeyPrefix.endsWith('/')
    ? `${targetKeyPrefix}${sourceKey}`
    : `${targetKeyPrefix}/${sourceKey}`;
}

/** A pairs destination ending in `/` names a folder: the object keeps its file name (`aws s3 cp`). */
export function resolveDestination(source: ObjectRef, destination: ObjectRef): ObjectRef {
  if (destination.key !== '' && !destination.key.endsWith('/')) return destination;
  const name = source.key.slice(source.key.lastIndexOf('/') + 1);
  return { bucket: destination.bucket, key: `${destination.key}${name}` };
}

/** The copy a task calls for: its explicit destination wins over TargetResource/TargetKeyPrefix. */
export function planCopy(task: Task, spec: CopySpec | CopyOptions): CopyPlan {
  if (task.destination) {
    return {
      source: task.object,
      target: resolveDestination(task.object, task.destination),
      options: spec,
    };
  }
  const bucket = 'TargetResource' in spec ? bucketFromArn(spec.TargetResource) : undefined;
  if (!bucket) {
    throw new TaskFailure(
      'no destination: the row names none and there is no TargetResource',
      'InvalidDestination',
      {
        temporary: false,
      },
    );
  }
  return {
    source: task.object,
    target: {
      bucket,
      key: targetKey(task.object.key, 'TargetKeyPrefix' in spec ? spec.TargetKeyPrefix : undefined),
    },
    options: spec,
  };
}

/** Tags as the `x-amz-tagging` header carries them: a URL-encoded query string. */
export function encodeTagging(tags: readonly Pick<Tag, 'Key' | 'Value'>[]): string {
  return tags
    .map((t) => `${encodeURIComponent(t.Key ?? '')}=${encodeURIComponent(t.Value ?? '')}`)
    .join('&');
}

type WriteFields = Pick<
  CreateMultipartUploadCommandInput,
  | 'ACL'
  | 'GrantFullControl'
  | 'GrantRead'
  | 'GrantReadACP'
  | 'GrantWriteACP'
  | 'StorageClass'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
  | 'BucketKeyEnabled'
  | 'ChecksumAlgorithm'
  | 'ObjectLockLegalHoldStatus'
  | 'ObjectLockMode'
  | 'ObjectLockRetainUntilDate'
  | 'RequestPayer'
  | 'WebsiteRedirectLocation'
  | 'ExpectedBucketOwner'
>;

/** Options that apply to any write of the target (CopyObject, CreateMultipartUpload, PutObject). */
export function writeFields(options: CopyOptions, settings: OperationSettings): WriteFields {
  const grants: Record<string, string[]> = {};
  for (const grant of options.AccessControlGrants ?? []) {
    const value = `${grant.Grantee.TypeIdentifier}="${grant.Grantee.Identifier}"`;
    (grants[grant.Permission] ??= []).push(value);
  }
  const join = (permission: string) => grants[permission]?.join(', ');
  const sse = options.SSEAwsKmsKeyId
    ? 'aws:kms'
    : options.NewObjectMetadata?.SSEAlgorithm === 'KMS'
      ? 'aws:kms'
      : options.NewObjectMetadata?.SSEAlgorithm;
  const fields: WriteFields = {
    ACL: options.CannedAccessControlList,
    GrantFullControl: join('FULL_CONTROL'),
    GrantRead: join('READ'),
    GrantReadACP: join('READ_ACP'),
    GrantWriteACP: join('WRITE_ACP'),
    StorageClass: options.StorageClass,
    ServerSideEncryption: sse,
    SSEKMSKeyId: options.SSEAwsKmsKeyId,
    BucketKeyEnabled: options.BucketKeyEnabled,
    ChecksumAlgorithm: options.ChecksumAlgorithm,
    ObjectLockLegalHoldStatus: options.ObjectLockLegalHoldStatus,
    ObjectLockMode: options.ObjectLockMode,
    ObjectLockRetainUntilDate: options.ObjectLockRetainUntilDate,
    RequestPayer: options.RequesterPays ? 'requester' : undefined,
    WebsiteRedirectLocation: options.RedirectLocation,
    ExpectedBucketOwner: settings.expectedBucketOwner,
  };
  return dropUndefined(fields);
}

type MetadataFields = Pick<
  CreateMultipartUploadCommandInput,
  | 'ContentType'
  | 'CacheControl'
  | 'ContentDisposition'
  | 'ContentEncoding'
  | 'ContentLanguage'
  | 'Expires'
  | 'Metadata'
  | 'WebsiteRedirectLocation'
>;

/** The metadata a written object gets: NewObjectMetadata on REPLACE, else the source's own. */
export function metadataFields(
  options: CopyOptions,
  source: Partial<HeadObjectCommandOutput> | undefined,
): MetadataFields {
  if (metadataDirective(options) === 'REPLACE') {
    const m = options.NewObjectMetadata ?? {};
    return dropUndefined({
      ContentType: m.ContentType,
      CacheControl: m.CacheControl,
      ContentDisposition: m.ContentDisposition,
      ContentEncoding: m.ContentEncoding,
      ContentLanguage: m.ContentLanguage,
      Expires: m.HttpExpiresDate,
      Metadata: m.UserMetadata,
    });
  }
  return dropUndefined({
    ContentType: source?.ContentType,
    CacheControl: source?.CacheControl,
    ContentDisposition: source?.ContentDisposition,
    ContentEncoding: source?.ContentEncoding,
    ContentLanguage: source?.ContentLanguage,
    Expires: source?.Expires,
    Metadata: source?.Metadata && Object.keys(source.Metadata).length ? source.Metadata : undefined,
    WebsiteRedirectLocation: source?.WebsiteRedirectLocation,
  });
}

/** The single CopyObject request for a plan: S3 itself copies metadata and tags per directive. */
export function copyObjectInput(
  plan: CopyPlan,
  settings: OperationSettings,
): CopyObjectCommandInput {
  const { options } = plan;
  const directive = metadataDirective(options);
  return dropUndefined({
    Bucket: plan.target.bucket,
    Key: plan.target.key,
    CopySource: encodeCopySource(plan.source),
    MetadataDirective: directive,
    ...(directive === 'REPLACE' ? metadataFields(options, undefined) : {}),
    TaggingDirective: options.NewObjectTagging ? 'REPLACE' : 'COPY',
    Tagging: options.NewObjectTagging ? encodeTagging(options.NewObjectTagging) : undefined,
    CopySourceIfModifiedSince: options.ModifiedSinceConstraint,
    CopySourceIfUnmodifiedSince: options.UnModifiedSinceConstraint,
    ExpectedSourceBucketOwner: settings.expectedSourceBucketOwner,
    ...writeFields(options, settings),
  });
}

/** Drop keys whose value is undefined, so request shapes stay minimal and comparable. */
export function dropUndefined<T extends object>(value: T): T {
  // A plain loop: this runs for every copy, and entries/filter/fromEntries allocate three arrays.
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
