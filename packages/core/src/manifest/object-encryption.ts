import type { S3Client } from '@aws-sdk/client-s3';
import { ManifestError } from '../errors.js';
import type { ObjectRef } from '../types.js';
import { loadSdk } from '../config/load-sdk.js';

/** The encryption types of `MatchAnyObjectEncryption`, as the S3 Control API names them. */
export const OBJECT_ENCRYPTION_TYPES = ['SSES3', 'SSEKMS', 'DSSEKMS', 'SSEC', 'NOTSSE'] as const;
export type ObjectEncryptionType = (typeof OBJECT_ENCRYPTION_TYPES)[number];

/** One `MatchAnyObjectEncryption` item: a type, and for the KMS ones an optional key and bucket key. */
export interface ObjectEncryptionFilter {
  readonly type: ObjectEncryptionType;
  /** SSEKMS and DSSEKMS: only objects encrypted with this key (ARN). */
  readonly kmsKeyArn?: string;
  /** SSEKMS: only objects whose bucket key setting is this. */
  readonly bucketKeyEnabled?: boolean;
}

/** How an object is encrypted, as HeadObject tells it. */
export interface ObjectEncryption {
  readonly type: ObjectEncryptionType;
  readonly kmsKeyArn?: string;
  readonly bucketKeyEnabled?: boolean;
}

const BY_HEADER: Readonly<Record<string, ObjectEncryptionType>> = {
  AES256: 'SSES3',
  'aws:kms': 'SSEKMS',
  'aws:kms:dsse': 'DSSEKMS',
};

/**
 * HEAD one object for its encryption: a listing does not say it, so the filter costs one HEAD per
 * candidate. An SSE-C object refuses a HEAD without its key (400): that answer is the SSE-C type.
 */
export async function headObjectEncryption(
  s3: S3Client,
  object: ObjectRef,
  options: { expectedBucketOwner?: string; signal?: AbortSignal } = {},
): Promise<ObjectEncryption> {
  const { HeadObjectCommand } = await loadSdk('s3');
  try {
    const head = await s3.send(
      new HeadObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        ...(object.versionId ? { VersionId: object.versionId } : {}),
        ...(options.expectedBucketOwner
          ? { ExpectedBucketOwner: options.expectedBucketOwner }
          : {}),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    if (head.SSECustomerAlgorithm) return { type: 'SSEC' };
    const type = head.ServerSideEncryption ? BY_HEADER[head.ServerSideEncryption] : undefined;
    return {
      type: type ?? 'NOTSSE',
      ...(head.SSEKMSKeyId ? { kmsKeyArn: head.SSEKMSKeyId } : {}),
      ...(head.BucketKeyEnabled !== undefined ? { bucketKeyEnabled: head.BucketKeyEnabled } : {}),
    };
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 400) return { type: 'SSEC' };
    throw new ManifestError(
      `cannot read the encryption of s3://${object.bucket}/${object.key} (${(error as Error).name})`,
      { source: `s3://${object.bucket}` },
      'MatchAnyObjectEncryption',
      { code: 'ManifestListingFailed', cause: error },
    );
  }
}

/** Whether an object's encryption matches any of the filters (S3JobManifestGenerator semantics). */
export function matchesEncryption(
  encryption: ObjectEncryption,
  filters: readonly ObjectEncryptionFilter[],
): boolean {
  return filters.some((filter) => {
    if (filter.type !== encryption.type) return false;
    if (filter.kmsKeyArn !== undefined && filter.kmsKeyArn !== encryption.kmsKeyArn) return false;
    if (
      filter.bucketKeyEnabled !== undefined &&
      filter.bucketKeyEnabled !== (encryption.bucketKeyEnabled ?? false)
    )
      return false;
    return true;
  });
}
