import type { PriceTier, RequestType } from './types.js';

/**
 * How S3's pricing page bills each call s3bulk makes: PUT, COPY, POST and LIST at one price,
 * GET, HEAD and the rest at another, DELETE free. Names not listed are billed as GET.
 */
const REQUEST_TYPES: Readonly<Record<string, RequestType>> = {
  ListObjectsV2: 'LIST',
  ListObjectVersions: 'LIST',
  CopyObject: 'COPY',
  UploadPartCopy: 'COPY',
  PutObject: 'PUT',
  UploadPart: 'PUT',
  PutObjectTagging: 'PUT',
  PutObjectAcl: 'PUT',
  PutObjectLegalHold: 'PUT',
  PutObjectRetention: 'PUT',
  CreateMultipartUpload: 'POST',
  CompleteMultipartUpload: 'POST',
  RestoreObject: 'POST',
  GetObject: 'GET',
  GetObjectTagging: 'GET',
  HeadObject: 'HEAD',
  DeleteObject: 'DELETE',
  DeleteObjects: 'DELETE',
  DeleteObjectTagging: 'DELETE',
  AbortMultipartUpload: 'DELETE',
  Invoke: 'LAMBDA',
};

const TIERS: Readonly<Record<RequestType, PriceTier>> = {
  LIST: 'write',
  COPY: 'write',
  PUT: 'write',
  POST: 'write',
  GET: 'read',
  HEAD: 'read',
  DELETE: 'free',
  LAMBDA: 'lambda',
};

export const REQUEST_TYPE_ORDER: readonly RequestType[] = [
  'LIST',
  'COPY',
  'PUT',
  'POST',
  'GET',
  'HEAD',
  'DELETE',
  'LAMBDA',
];

export function requestTypeOf(request: string): RequestType {
  return REQUEST_TYPES[request] ?? 'GET';
}

export function priceTierOf(type: RequestType): PriceTier {
  return TIERS[type];
}
