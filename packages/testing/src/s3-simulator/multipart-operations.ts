import { createHash } from 'node:crypto';
import { copySource, metadataFrom, parseRange, tagsFrom } from './object-operations.js';
import { md5Hex, sliceChunks } from './object-store.js';
import {
  S3Error,
  type MultipartUpload,
  type S3Request,
  type S3Response,
  type SimulatorState,
} from './simulator-state.js';
import { blocks, elements, quoteEtag, text, unquoteEtag, xmlDocument } from './xml.js';

function upload(state: SimulatorState, request: S3Request): MultipartUpload {
  const id = request.query.get('uploadId') ?? '';
  const found = state.uploads.get(id);
  if (!found || found.bucket !== request.bucket || found.key !== request.key) {
    throw new S3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
  }
  return found;
}

function partNumber(request: S3Request): number {
  const value = Number(request.query.get('partNumber'));
  if (!Number.isInteger(value) || value < 1 || value > 10_000) {
    throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000');
  }
  return value;
}

export function createMultipartUpload(state: SimulatorState, request: S3Request): S3Response {
  state.bucket(request.bucket);
  const uploadId = state.nextUploadId();
  state.uploads.set(uploadId, {
    bucket: request.bucket,
    key: request.key,
    initiated: new Date(),
    contentType: String(request.headers['content-type'] ?? 'binary/octet-stream'),
    metadata: metadataFrom(request.headers),
    tags: tagsFrom(request.headers),
    parts: new Map(),
  });
  const inner = elements({ Bucket: request.bucket, Key: request.key, UploadId: uploadId });
  return { status: 200, body: xmlDocument('InitiateMultipartUploadResult', inner) };
}

export function uploadPart(state: SimulatorState, request: S3Request): S3Response {
  const target = upload(state, request);
  const chunks = [request.body];
  const etag = md5Hex(chunks);
  target.parts.set(partNumber(request), {
    chunks,
    size: request.body.length,
    etag,
    lastModified: new Date(),
  });
  state.stats.bytesIn += request.body.length;
  return { status: 200, headers: { etag: quoteEtag(etag) } };
}

/** UploadPartCopy with an optional `x-amz-copy-source-range: bytes=a-b`. */
export function uploadPartCopy(state: SimulatorState, request: S3Request): S3Response {
  const target = upload(state, request);
  const source = copySource(state, request);
  const range = parseRange(String(request.headers['x-amz-copy-source-range'] ?? ''), source.size);
  const [start, end] = range ?? [0, source.size - 1];
  const chunks = source.size === 0 ? [] : sliceChunks(source.chunks, start, end);
  const size = source.size === 0 ? 0 : end - start + 1;
  // The part's ETag only has to be stable and distinct: derive it from source ETag and range.
  const etag = createHash('md5').update(`${source.etag}:${start}-${end}`).digest('hex');
  const lastModified = new Date();
  target.parts.set(partNumber(request), { chunks, size, etag, lastModified });
  state.stats.bytesCopied += size;
  const inner = elements({ ETag: quoteEtag(etag), LastModified: lastModified.toISOString() });
  return { status: 200, body: xmlDocument('CopyPartResult', inner) };
}

export function completeMultipartUpload(state: SimulatorState, request: S3Request): S3Response {
  const target = upload(state, request);
  const bucket = state.bucket(request.bucket);
  const listed = blocks(request.body.toString('utf8'), 'Part').map((part) => ({
    number: Number(text(part, 'PartNumber')),
    etag: unquoteEtag(text(part, 'ETag') ?? ''),
  }));
  if (listed.length === 0)
    throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed');
  const chunks: Buffer[] = [];
  const digests: Buffer[] = [];
  let size = 0;
  let previous = 0;
  for (const { number, etag } of listed) {
    const part = target.parts.get(number);
    if (!part || part.etag !== etag)
      throw new S3Error(
        400,
        'InvalidPart',
        `Part ${number} was not found or its ETag does not match`,
      );
    if (number <= previous)
      throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order');
    previous = number;
    chunks.push(...part.chunks);
    digests.push(Buffer.from(part.etag, 'hex'));
    size += part.size;
  }
  const etag = `${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${listed.length}`;
  bucket.put({
    key: target.key,
    chunks,
    size,
    etag,
    lastModified: new Date(),
    contentType: target.contentType,
    metadata: target.metadata,
    tags: target.tags,
    headers: {},
  });
  state.uploads.delete(request.query.get('uploadId') ?? '');
  const inner = elements({
    Location: `/${request.bucket}/${request.key}`,
    Bucket: request.bucket,
    Key: request.key,
    ETag: quoteEtag(etag),
  });
  return { status: 200, body: xmlDocument('CompleteMultipartUploadResult', inner) };
}

export function abortMultipartUpload(state: SimulatorState, request: S3Request): S3Response {
  upload(state, request);
  state.uploads.delete(request.query.get('uploadId') ?? '');
  return { status: 204 };
}

export function listParts(state: SimulatorState, request: S3Request): S3Response {
  const target = upload(state, request);
  const parts = [...target.parts.entries()]
    .sort(([a], [b]) => a - b)
    .map(
      ([number, part]) =>
        `<Part>${elements({ PartNumber: number, LastModified: part.lastModified.toISOString(), ETag: quoteEtag(part.etag), Size: part.size })}</Part>`,
    )
    .join('');
  const head = elements({
    Bucket: request.bucket,
    Key: request.key,
    UploadId: request.query.get('uploadId') ?? '',
    IsTruncated: false,
  });
  return { status: 200, body: xmlDocument('ListPartsResult', head + parts) };
}
