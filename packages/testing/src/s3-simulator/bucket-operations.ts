import {
  S3Error,
  type S3Request,
  type S3Response,
  type SimulatorState,
} from './simulator-state.js';
import { blocks, elements, OWNER, text, xmlDocument } from './xml.js';

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
