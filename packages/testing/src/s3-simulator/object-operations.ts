import type { IncomingHttpHeaders } from 'node:http';
import { md5Hex, sliceChunks, type StoredObject } from './object-store.js';
import {
  S3Error,
  type S3Request,
  type S3Response,
  type SimulatorState,
} from './simulator-state.js';
import { blocks, elements, quoteEtag, text, unquoteEtag, xmlDocument } from './xml.js';

const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-language', 'expires'];

/** `x-amz-meta-*` headers as a metadata map (names lower-cased, as S3 returns them). */
export function metadataFrom(headers: IncomingHttpHeaders): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined)
      metadata[name.slice(11)] = String(value);
  }
  return metadata;
}

/** `x-amz-tagging: k1=v1&k2=v2` as a tag map. */
export function tagsFrom(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(String(headers['x-amz-tagging'] ?? '')));
}

function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of STORED_HEADERS)
    if (headers[name] !== undefined) out[name] = String(headers[name]);
  // aws-chunked is a transfer detail of the upload, not the object's encoding.
  const encoding = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (encoding.length > 0) out['content-encoding'] = encoding.join(',');
  return out;
}

/** Conditional writes: `If-None-Match: *` (create only) and `If-Match: <etag>` on PUT. */
function checkWriteConditions(existing: StoredObject | undefined, headers: IncomingHttpHeaders) {
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  const failed =
    (ifNoneMatch === '*' && existing !== undefined) ||
    (ifMatch !== undefined && (!existing || unquoteEtag(String(ifMatch)) !== existing.etag));
  if (failed) {
    throw new S3Error(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
    );
  }
}

export function putObject(state: SimulatorState, request: S3Request): S3Response {
  const bucket = state.bucket(request.bucket);
  checkWriteConditions(bucket.objects.get(request.key), request.headers);
  const chunks = [request.body];
  const etag = md5Hex(chunks);
  bucket.put({
    key: request.key,
    chunks,
    size: request.body.length,
    etag,
    lastModified: new Date(),
    contentType: String(request.headers['content-type'] ?? 'binary/octet-stream'),
    metadata: metadataFrom(request.headers),
    tags: tagsFrom(request.headers),
    headers: storedHeaders(request.headers),
  });
  state.stats.bytesIn += request.body.length;
  return { status: 200, headers: { etag: quoteEtag(etag) } };
}

export function objectHeaders(object: StoredObject): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    etag: quoteEtag(object.etag),
    'last-modified': object.lastModified.toUTCString(),
    'content-type': object.contentType,
    'accept-ranges': 'bytes',
    ...object.headers,
  };
  for (const [name, value] of Object.entries(object.metadata))
    headers[`x-amz-meta-${name}`] = value;
  const tagCount = Object.keys(object.tags).length;
  if (tagCount > 0) headers['x-amz-tagging-count'] = tagCount;
  return headers;
}

function checkConditions(object: StoredObject, headers: IncomingHttpHeaders): void {
  const ifMatch = headers['if-match'];
  if (ifMatch && unquoteEtag(String(ifMatch)) !== object.etag && ifMatch !== '*') {
    throw new S3Error(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
    );
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch && (unquoteEtag(String(ifNoneMatch)) === object.etag || ifNoneMatch === '*')) {
    throw new S3Error(304, 'NotModified', 'Not Modified');
  }
}

/** GetObject and HeadObject, with `Range: bytes=a-b | a- | -n`. */
export function getObject(
  state: SimulatorState,
  request: S3Request,
  withBody: boolean,
): S3Response {
  const object = state.object(request.bucket, request.key);
  checkConditions(object, request.headers);
  const headers = objectHeaders(object);
  const range = parseRange(String(request.headers.range ?? ''), object.size);
  if (!range) {
    headers['content-length'] = object.size;
    if (withBody) state.recordRead(request.bucket, request.key, 0, object.size - 1, false);
    return { status: 200, headers, body: withBody ? object.chunks : undefined };
  }
  const [start, end] = range;
  headers['content-length'] = end - start + 1;
  headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
  if (withBody) state.recordRead(request.bucket, request.key, start, end, true);
  return {
    status: 206,
    headers,
    body: withBody ? sliceChunks(object.chunks, start, end) : undefined,
  };
}

/** Inclusive byte range of a `bytes=` header, undefined for none; throws InvalidRange. */
export function parseRange(header: string, size: number): [number, number] | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    start = Math.max(0, size - Number(last));
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
  }
  return [start, end];
}

/** `x-amz-copy-source: [/]bucket/key[?versionId=..]`, URL-encoded. */
export function copySource(state: SimulatorState, request: S3Request): StoredObject {
  const raw = String(request.headers['x-amz-copy-source'] ?? '').replace(/^\//, '');
  const path = decodeURIComponent(raw.split('?')[0] ?? '');
  const slash = path.indexOf('/');
  if (slash <= 0)
    throw new S3Error(400, 'InvalidArgument', 'Copy Source must mention the source bucket and key');
  return state.object(path.slice(0, slash), path.slice(slash + 1));
}

export function copyObject(state: SimulatorState, request: S3Request): S3Response {
  const source = copySource(state, request);
  const bucket = state.bucket(request.bucket);
  const replaceMetadata = request.headers['x-amz-metadata-directive'] === 'REPLACE';
  const replaceTags = request.headers['x-amz-tagging-directive'] === 'REPLACE';
  const copy: StoredObject = {
    key: request.key,
    chunks: source.chunks,
    size: source.size,
    etag: source.etag,
    lastModified: new Date(),
    contentType: replaceMetadata
      ? String(request.headers['content-type'] ?? 'binary/octet-stream')
      : source.contentType,
    metadata: replaceMetadata ? metadataFrom(request.headers) : { ...source.metadata },
    headers: replaceMetadata ? storedHeaders(request.headers) : { ...source.headers },
    tags: replaceTags ? tagsFrom(request.headers) : { ...source.tags },
  };
  bucket.put(copy);
  state.stats.bytesCopied += source.size;
  const result = elements({
    ETag: quoteEtag(copy.etag),
    LastModified: copy.lastModified.toISOString(),
  });
  return { status: 200, body: xmlDocument('CopyObjectResult', result) };
}

export function deleteObject(state: SimulatorState, request: S3Request): S3Response {
  state.bucket(request.bucket).delete(request.key);
  return { status: 204 };
}

export function getTagging(state: SimulatorState, request: S3Request): S3Response {
  const object = state.object(request.bucket, request.key);
  const tags = Object.entries(object.tags)
    .map(([key, value]) => `<Tag>${elements({ Key: key, Value: value })}</Tag>`)
    .join('');
  return { status: 200, body: xmlDocument('Tagging', `<TagSet>${tags}</TagSet>`) };
}

export function putTagging(state: SimulatorState, request: S3Request): S3Response {
  const object = state.object(request.bucket, request.key);
  const xml = request.body.toString('utf8');
  object.tags = Object.fromEntries(
    blocks(xml, 'Tag').map((tag) => [text(tag, 'Key') ?? '', text(tag, 'Value') ?? '']),
  );
  return { status: 200 };
}

export function deleteTagging(state: SimulatorState, request: S3Request): S3Response {
  state.object(request.bucket, request.key).tags = {};
  return { status: 204 };
}

/** ACLs are accepted and reported as owner full control: enough for clients that set them. */
export function objectAcl(state: SimulatorState, request: S3Request): S3Response {
  state.object(request.bucket, request.key);
  if (request.method === 'PUT') return { status: 200 };
  const owner = '<ID>s3-simulator</ID><DisplayName>s3-simulator</DisplayName>';
  const grant = `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">${owner}</Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
  return {
    status: 200,
    body: xmlDocument(
      'AccessControlPolicy',
      `<Owner>${owner}</Owner><AccessControlList>${grant}</AccessControlList>`,
    ),
  };
}
