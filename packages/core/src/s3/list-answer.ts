import { S3ServiceError, xmlText } from './lean-copy.js';

/** One object of a ListObjectsV2 page, as the listing of a sync needs it. */
export interface ListedEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly etag?: string;
  readonly storageClass?: string;
}

/** A ListObjectsV2 page read by the lean path. */
export interface ListPage {
  readonly contents: readonly ListedEntry[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

/**
 * A ListObjectsV2 answer (asked with `encoding-type=url`) read by scanning for its `<Contents>`
 * elements: the SDK's general XML deserializer spent about 38 µs of CPU per key, this a few.
 * Keys come URL-encoded (so no XML-invalid character can break the page) and are decoded here.
 */
export function parseListAnswer(status: number, body: string, requestId?: string): ListPage {
  if (status < 200 || status >= 300 || /<\/Error>\s*$/.test(body)) {
    const httpStatus = status >= 200 && status < 300 ? 503 : status;
    const code = xmlText(body, 'Code') ?? (httpStatus >= 500 ? 'InternalError' : 'UnknownError');
    throw new S3ServiceError(
      code,
      xmlText(body, 'Message') ?? code,
      httpStatus,
      xmlText(body, 'RequestId') ?? requestId,
    );
  }
  const contents: ListedEntry[] = [];
  let at = body.indexOf('<Contents>');
  // Everything outside <Contents> (IsTruncated, the token) is read from the rest of the page.
  let rest = at < 0 ? body : body.slice(0, at);
  while (at >= 0) {
    const end = body.indexOf('</Contents>', at);
    if (end < 0) throw new S3ServiceError('InternalError', 'truncated listing page', 503);
    contents.push(entryOf(body.slice(at + 10, end)));
    at = body.indexOf('<Contents>', end);
    if (at < 0) rest += body.slice(end + 11);
  }
  const token = xmlText(rest, 'NextContinuationToken');
  return {
    contents,
    isTruncated: xmlText(rest, 'IsTruncated') === 'true',
    ...(token !== undefined ? { nextContinuationToken: token } : {}),
  };
}

function entryOf(xml: string): ListedEntry {
  const key = xmlText(xml, 'Key');
  if (key === undefined)
    throw new S3ServiceError('InternalError', 'listing entry without a key', 503);
  const etag = xmlText(xml, 'ETag');
  const storageClass = xmlText(xml, 'StorageClass');
  const modified = xmlText(xml, 'LastModified');
  return {
    key: decodeKey(key),
    size: Number(xmlText(xml, 'Size') ?? 0),
    lastModified: modified === undefined ? new Date(0) : new Date(modified),
    ...(etag !== undefined ? { etag } : {}),
    ...(storageClass !== undefined ? { storageClass } : {}),
  };
}

/** `encoding-type=url` as S3 writes it: form encoding (a space may come as `+`). */
function decodeKey(key: string): string {
  if (!/[%+]/.test(key)) return key;
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
