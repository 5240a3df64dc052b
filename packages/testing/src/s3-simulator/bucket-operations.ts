import { compareKeys, type StoredObject } from './object-store.js';
import {
  S3Error,
  type S3Request,
  type S3Response,
  type SimulatorState,
} from './simulator-state.js';
import { blocks, elements, quoteEtag, text, xmlDocument } from './xml.js';

const OWNER = '<Owner><ID>s3-simulator</ID><DisplayName>s3-simulator</DisplayName></Owner>';

export function listBuckets(state: SimulatorState): S3Response {
  const buckets = [...state.buckets.values()]
    .map(
      (b) =>
        `<Bucket>${elements({ Name: b.name, CreationDate: b.created.toISOString() })}</Bucket>`,
    )
    .join('');
  return {
    status: 200,
    body: xmlDocument('ListAllMyBucketsResult', `${OWNER}<Buckets>${buckets}</Buckets>`),
  };
}

export function createBucket(state: SimulatorState, request: S3Request): S3Response {
  // Like us-east-1: creating a bucket you already own succeeds.
  state.createBucket(request.bucket);
  return { status: 200, headers: { location: `/${request.bucket}` } };
}

export function deleteBucket(state: SimulatorState, request: S3Request): S3Response {
  const bucket = state.bucket(request.bucket);
  if (bucket.objects.size > 0)
    throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
  state.buckets.delete(request.bucket);
  return { status: 204 };
}

export function headBucket(state: SimulatorState, request: S3Request): S3Response {
  state.bucket(request.bucket);
  return { status: 200, headers: { 'x-amz-bucket-region': 'us-east-1' } };
}

export function bucketLocation(state: SimulatorState, request: S3Request): S3Response {
  state.bucket(request.bucket);
  return { status: 200, body: xmlDocument('LocationConstraint', '') };
}

/** ListObjects (V1, `marker`) and ListObjectsV2 (`continuation-token`, `start-after`). */
export function listObjects(state: SimulatorState, request: S3Request, v2: boolean): S3Response {
  const bucket = state.bucket(request.bucket);
  const q = request.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0));
  const urlEncode = q.get('encoding-type') === 'url';
  const encode = (value: string) =>
    urlEncode ? encodeURIComponent(value).replace(/%2F/g, '/') : value;
  const token = q.get('continuation-token');
  const after = v2
    ? token
      ? decodeToken(token)
      : (q.get('start-after') ?? '')
    : (q.get('marker') ?? '');

  const keys = bucket.sortedKeys();
  const contents: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let last = '';
  let truncated = false;
  const resumeAfter = after && compareKeys(after, prefix) >= 0 ? after : '';
  for (let index = bucket.firstIndexAfter(resumeAfter, prefix); index < keys.length; index += 1) {
    const key = keys[index] as string;
    if (!key.startsWith(prefix)) {
      if (key > prefix) break;
      continue;
    }
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 ? key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && common === commonPrefixes[commonPrefixes.length - 1]) continue;
    // A common prefix resumed from a marker is already reported: skip the keys under it.
    if (common !== undefined && after.startsWith(common)) continue;
    if (contents.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      commonPrefixes.push(common);
      last = common;
    } else {
      contents.push(bucket.objects.get(key) as StoredObject);
      last = key;
    }
  }

  const items = contents
    .map(
      (o) =>
        `<Contents>${elements({
          Key: encode(o.key),
          LastModified: o.lastModified.toISOString(),
          ETag: quoteEtag(o.etag),
          Size: o.size,
          StorageClass: 'STANDARD',
        })}${v2 ? '' : OWNER}</Contents>`,
    )
    .join('');
  const prefixes = commonPrefixes
    .map((p) => `<CommonPrefixes>${elements({ Prefix: encode(p) })}</CommonPrefixes>`)
    .join('');
  const head = elements({
    Name: request.bucket,
    Prefix: encode(prefix),
    ...(v2
      ? {
          KeyCount: contents.length + commonPrefixes.length,
          ContinuationToken: token ?? undefined,
          NextContinuationToken: truncated ? encodeToken(last) : undefined,
          StartAfter: q.has('start-after') ? encode(q.get('start-after') ?? '') : undefined,
        }
      : { Marker: encode(after), NextMarker: truncated ? encode(last) : undefined }),
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: urlEncode ? 'url' : undefined,
    IsTruncated: truncated,
  });
  return { status: 200, body: xmlDocument('ListBucketResult', head + items + prefixes) };
}

function encodeToken(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

/** DeleteObjects: `<Delete><Object><Key>..</Key></Object>..<Quiet>true</Quiet></Delete>`. */
export function deleteObjects(state: SimulatorState, request: S3Request): S3Response {
  const bucket = state.bucket(request.bucket);
  const xml = request.body.toString('utf8');
  const quiet = text(xml, 'Quiet') === 'true';
  const deleted = blocks(xml, 'Object').map((object) => {
    const key = text(object, 'Key') ?? '';
    bucket.delete(key);
    return `<Deleted>${elements({ Key: key })}</Deleted>`;
  });
  return { status: 200, body: xmlDocument('DeleteResult', quiet ? '' : deleted.join('')) };
}
