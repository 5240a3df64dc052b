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
  // Only the end can close an <Error> document: no need to scan the whole page for it.
  if (status < 200 || status >= 300 || /<\/Error>\s*$/.test(body.slice(-64))) {
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
  const shared: PageShared = { date: new Date(0) };
  let at = body.indexOf('<Contents>');
  // Everything outside <Contents> (IsTruncated, the token) is read from the rest of the page.
  let rest = at < 0 ? body : body.slice(0, at);
  while (at >= 0) {
    const end = body.indexOf('</Contents>', at);
    if (end < 0) throw new S3ServiceError('InternalError', 'truncated listing page', 503);
    contents.push(entryOf(body, at + 10, end, shared));
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

/**
 * The entry between `start` and `end` of the page (no slices: a page has 1,000 of them). Entries
 * of one page often share a LastModified and always a storage class: those are made once a page.
 */
function entryOf(body: string, start: number, end: number, shared: PageShared): ListedEntry {
  const key = field(body, '<Key>', '</Key>', start, end);
  if (key === undefined) {
    throw new S3ServiceError('InternalError', 'listing entry without a key', 503);
  }
  const etag = field(body, '<ETag>', '</ETag>', start, end);
  const storageClass = field(body, '<StorageClass>', '</StorageClass>', start, end);
  const modified = field(body, '<LastModified>', '</LastModified>', start, end);
  if (modified !== shared.modified) {
    shared.modified = modified;
    shared.date = modified === undefined ? new Date(0) : new Date(modified);
  }
  const entry: { -readonly [K in keyof ListedEntry]: ListedEntry[K] } = {
    key: decodeKey(key),
    size: Number(field(body, '<Size>', '</Size>', start, end) ?? 0),
    lastModified: shared.date,
  };
  if (etag !== undefined) entry.etag = unescapeXml(etag);
  if (storageClass !== undefined) {
    if (storageClass !== shared.storageClass) shared.storageClass = storageClass;
    entry.storageClass = shared.storageClass;
  }
  return entry;
}

/** What consecutive entries of a page share (see {@link entryOf}). */
interface PageShared {
  modified?: string;
  date: Date;
  storageClass?: string;
}

/** The text of element `open`...`close` within [start, end), or undefined. */
function field(
  body: string,
  open: string,
  close: string,
  start: number,
  end: number,
): string | undefined {
  const from = body.indexOf(open, start);
  if (from < 0 || from >= end) return undefined;
  const to = body.indexOf(close, from);
  if (to < 0 || to > end) return undefined;
  return body.slice(from + open.length, to);
}

/** XML entities of an ETag (`&quot;`, the usual case, first) and of anything else S3 escapes. */
function unescapeXml(text: string): string {
  const amp = text.indexOf('&');
  if (amp < 0) return text;
  // An ETag: `&quot;<hex>&quot;`, one string built instead of a replace over it.
  if (amp === 0 && text.startsWith('&quot;') && text.indexOf('&', 6) === text.length - 6) {
    if (text.endsWith('&quot;')) return `"${text.slice(6, -6)}"`;
  }
  const quoted = text.replaceAll('&quot;', '"');
  return quoted.includes('&') ? (xmlText(`<x>${quoted}</x>`, 'x') ?? quoted) : quoted;
}

/** `encoding-type=url` as S3 writes it: form encoding (a space may come as `+`). */
function decodeKey(key: string): string {
  const text = unescapeXml(key);
  if (!/[%+]/.test(text)) return text;
  return decodeURIComponent(text.replace(/\+/g, ' '));
}
