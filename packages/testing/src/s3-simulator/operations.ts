import {
  bucketLocation,
  createBucket,
  deleteBucket,
  deleteObjects,
  headBucket,
  listBuckets,
} from './bucket-operations.js';
import { listObjects } from './list-objects.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './multipart-operations.js';
import {
  copyObject,
  deleteObject,
  deleteTagging,
  getObject,
  getTagging,
  objectAcl,
  putObject,
  putTagging,
} from './object-operations.js';
import {
  S3Error,
  type S3Request,
  type S3Response,
  type SimulatorState,
} from './simulator-state.js';
import { elements, xmlDocument } from './xml.js';

type Handler = (state: SimulatorState, request: S3Request) => S3Response;

/** The S3 operation a request names, from its method, path and sub-resource query. */
export function resolveOperation(
  method: string,
  bucket: string,
  key: string,
  query: URLSearchParams,
  copySource: boolean,
): string {
  if (!bucket) return method === 'GET' ? 'ListBuckets' : 'Unsupported';
  if (!key) {
    switch (method) {
      case 'PUT':
        return query.size === 0 ? 'CreateBucket' : 'Unsupported';
      case 'HEAD':
        return 'HeadBucket';
      case 'DELETE':
        return 'DeleteBucket';
      case 'POST':
        return query.has('delete') ? 'DeleteObjects' : 'Unsupported';
      case 'GET':
        if (query.has('location')) return 'GetBucketLocation';
        if (query.has('versioning')) return 'GetBucketVersioning';
        if (query.has('uploads')) return 'ListMultipartUploads';
        return query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      default:
        return 'Unsupported';
    }
  }
  switch (method) {
    case 'PUT':
      if (query.has('uploadId')) return copySource ? 'UploadPartCopy' : 'UploadPart';
      if (query.has('tagging')) return 'PutObjectTagging';
      if (query.has('acl')) return 'PutObjectAcl';
      return copySource ? 'CopyObject' : 'PutObject';
    case 'GET':
      if (query.has('tagging')) return 'GetObjectTagging';
      if (query.has('acl')) return 'GetObjectAcl';
      return query.has('uploadId') ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'DELETE':
      if (query.has('uploadId')) return 'AbortMultipartUpload';
      return query.has('tagging') ? 'DeleteObjectTagging' : 'DeleteObject';
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      return query.has('uploadId') ? 'CompleteMultipartUpload' : 'Unsupported';
    default:
      return 'Unsupported';
  }
}

const HANDLERS: Record<string, Handler> = {
  ListBuckets: (state) => listBuckets(state),
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: bucketLocation,
  GetBucketVersioning: (state, request) => {
    state.bucket(request.bucket);
    return { status: 200, body: xmlDocument('VersioningConfiguration', '') };
  },
  ListMultipartUploads: (state, request) => {
    state.bucket(request.bucket);
    const uploads = [...state.uploads.entries()]
      .filter(([, upload]) => upload.bucket === request.bucket)
      .map(
        ([id, upload]) =>
          `<Upload>${elements({ Key: upload.key, UploadId: id, Initiated: upload.initiated.toISOString() })}</Upload>`,
      )
      .join('');
    return {
      status: 200,
      body: xmlDocument(
        'ListMultipartUploadsResult',
        elements({ Bucket: request.bucket, IsTruncated: false }) + uploads,
      ),
    };
  },
  ListObjects: (state, request) => listObjects(state, request, false),
  ListObjectsV2: (state, request) => listObjects(state, request, true),
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: (state, request) => getObject(state, request, true),
  HeadObject: (state, request) => getObject(state, request, false),
  DeleteObject: deleteObject,
  GetObjectTagging: getTagging,
  PutObjectTagging: putTagging,
  DeleteObjectTagging: deleteTagging,
  GetObjectAcl: objectAcl,
  PutObjectAcl: objectAcl,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

export function handleOperation(state: SimulatorState, request: S3Request): S3Response {
  const handler = HANDLERS[request.operation];
  if (!handler)
    throw new S3Error(501, 'NotImplemented', `${request.method} with this query is not simulated`);
  return handler(state, request);
}
