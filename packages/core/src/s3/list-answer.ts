import { S3ServiceError, xmlText } from './service-answer.js';

/** One object of a ListObjectsV2 page, as the listing of a sync needs it. */
export interface ListedEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly etag?: string;
  readonly storageClass?: string;
}

/** How a page is read. */
export interface ListAnswerOptions {
  /**
   * Read each entry's ETag and storage class. A sync's destination needs neither (it compares
   * sizes and times): left out, its entries cost less to make and to hold. @default true
   */
  readonly etags?: boolean;
  /**
   * The listed prefix: keys are given relative to it (an entry outside it is left out). Cut while
   * the key is read, a key costs one string instead of two. @default '' (whole keys)
   */
  readonly within?: string;
}

/** A ListObjectsV2 page read by the lean path. */
export interface ListPage {
  readonly contents: readonly ListedEntry[];
  readonly isTruncated: boolean;
  readonly nextContinuationToken?: string;
}

/**
 * A ListObjectsV2 answer (asked with `encoding-type=url`) read by scanning for its `<Contents>`
 * elements: the SDK's general XML deserializer spent about 38 µs of CPU per key, this about one.
 * Keys come URL-encoded (so no XML-invalid character can break the page) and are decoded here.
 * `body` may come in pieces as read from the socket (never joined: see `Answer.pieces`); an
 * entry cut between two pieces is read from the end of one joined to the next.
 */
export function parseListAnswer(
  status: number,
  body: string | readonly string[],
  requestId?: string,
  options: ListAnswerOptions = {},
): ListPage {
  const pieces = typeof body === 'string' ? [body] : body;
  // Only the end can close an <Error> document: no need to scan the whole page for it.
  if (status < 200 || status >= 300 || /<\/Error>\s*$/.test(endOf(pieces))) {
    const text = pieces.join('');
    const httpStatus = status >= 200 && status < 300 ? 503 : status;
    const code = xmlText(text, 'Code') ?? (httpStatus >= 500 ? 'InternalError' : 'UnknownError');
    throw new S3ServiceError(
      code,
      xmlText(text, 'Message') ?? code,
      httpStatus,
      xmlText(text, 'RequestId') ?? requestId,
    );
  }
  const contents: ListedEntry[] = [];
  const shared: PageShared = {
    date: new Date(0),
    etags: options.etags !== false,
    within: options.within ?? '',
  };
  // Everything outside <Contents> (IsTruncated, the token) is kept to be read at the end.
  let rest = '';
  let carry = '';
  for (const piece of pieces) {
    let text = piece;
    let from = 0;
    if (carry !== '') {
      // Only the entry cut by the piece's end is joined (joining whole pieces copied 64 KiB each).
      const close = carry.startsWith(OPEN) ? piece.indexOf(CLOSE) : -1;
      const entry = close < 0 ? '' : carry + piece.slice(0, close + CLOSE.length);
      // (A `</Contents>` cut in two is found in the joined text, before the one found here.)
      if (close < 0 || entry.indexOf(CLOSE) !== entry.length - CLOSE.length) text = carry + piece;
      else {
        const listed = entryOf(entry, OPEN.length, entry.length - CLOSE.length, shared);
        if (listed) contents.push(listed);
        from = close + CLOSE.length;
      }
    }
    carry = '';
    for (;;) {
      const at = text.indexOf('<Contents>', from);
      if (at < 0) {
        // A `<Contents>` cut by the end of this piece is completed by the next one.
        const keep = Math.max(from, text.length - OPEN.length + 1);
        rest += text.slice(from, keep);
        carry = text.slice(keep);
        break;
      }
      if (at > from) rest += text.slice(from, at);
      const end = text.indexOf('</Contents>', at);
      if (end < 0) {
        carry = text.slice(at);
        break;
      }
      const listed = entryOf(text, at + OPEN.length, end, shared);
      if (listed) contents.push(listed);
      from = end + CLOSE.length;
    }
  }
  if (carry.startsWith(OPEN)) {
    throw new S3ServiceError('InternalError', 'truncated listing page', 503);
  }
  rest += carry;
  const token = xmlText(rest, 'NextContinuationToken');
  return {
    contents,
    isTruncated: xmlText(rest, 'IsTruncated') === 'true',
    ...(token !== undefined ? { nextContinuationToken: token } : {}),
  };
}

const OPEN = '<Contents>';
const CLOSE = '</Contents>';

/** The last 64 characters of a body in pieces (an <Error> document's end). */
function endOf(pieces: readonly string[]): string {
  let end = '';
  for (let i = pieces.length - 1; i >= 0 && end.length < 64; i--) end = pieces[i]! + end;
  return end.slice(-64);
}

/**
 * The entry between `start` and `end` of the page (no slices: a page has 1,000 of them). Entries
 * of one page often share a LastModified and always a storage class: those are made once a page.
 * Fields are looked for in the order S3 writes them, each from where the last one ended.
 */
function entryOf(
  body: string,
  start: number,
  end: number,
  shared: PageShared,
): ListedEntry | undefined {
  const scan: FieldScan = { body, start, end, at: start, to: start };
  const keyAt = fieldAt(scan, '<Key>', '</Key>');
  if (keyAt < 0) {
    throw new S3ServiceError('InternalError', 'listing entry without a key', 503);
  }
  const key = keyWithin(body, keyAt, scan.to, shared.within);
  if (key === undefined) return undefined;
  const modified = field(scan, '<LastModified>', '</LastModified>');
  const etag = shared.etags ? field(scan, '<ETag>', '</ETag>') : undefined;
  const size = field(scan, '<Size>', '</Size>');
  const storageClass = shared.etags ? field(scan, '<StorageClass>', '</StorageClass>') : undefined;
  if (modified !== shared.modified) {
    shared.modified = modified;
    shared.date = modified === undefined ? new Date(0) : new Date(modified);
  }
  const entry: { -readonly [K in keyof ListedEntry]: ListedEntry[K] } = {
    key,
    size: Number(size ?? 0),
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
  readonly etags: boolean;
  readonly within: string;
  storageClass?: string;
}

/** Where one entry's fields are looked for: its bounds, and where the last field ended. */
interface FieldScan {
  readonly body: string;
  readonly start: number;
  readonly end: number;
  at: number;
  /** Where the text of the field last found ends. */
  to: number;
}

/** The text of element `open`...`close` of the entry, or undefined (see {@link fieldAt}). */
function field(scan: FieldScan, open: string, close: string): string | undefined {
  const from = fieldAt(scan, open, close);
  return from < 0 ? undefined : scan.body.slice(from, scan.to);
}

/**
 * Where the text of element `open`...`close` of the entry starts (its end in `scan.to`), or -1:
 * looked for from where the last field ended, then (fields out of the usual order) from the
 * entry's start.
 */
function fieldAt(scan: FieldScan, open: string, close: string): number {
  const { body, end } = scan;
  let from = body.indexOf(open, scan.at);
  if ((from < 0 || from >= end) && scan.at > scan.start) from = body.indexOf(open, scan.start);
  if (from < 0 || from >= end) return -1;
  const to = body.indexOf(close, from);
  if (to < 0 || to > end) return -1;
  scan.at = to + close.length;
  scan.to = to;
  return from + open.length;
}

/** XML entities of an ETag (`&quot;`, the usual case, first) and of anything else S3 escapes. */
function unescapeXml(text: string): string {
  const amp = text.indexOf('&');
  if (amp < 0) return text;
  // An ETag: `&quot;<hex>&quot;`, one string built instead of a replace over it.
  if (amp === 0 && text.startsWith('&quot;') && text.indexOf('&', 6) === text.length - 6) {
    if (text.endsWith('&quot;')) return detached(`"${text.slice(6, -6)}"`);
  }
  const quoted = text.replaceAll('&quot;', '"');
  return quoted.includes('&') ? (xmlText(`<x>${quoted}</x>`, 'x') ?? quoted) : quoted;
}

/**
 * `text` in a string of its own. A slice of 13 characters or more keeps the whole 64 KiB piece it
 * was cut from alive as long as it lives, and pages read ahead hold thousands of ETags: 300 of
 * the 430 bytes an entry held. `toLowerCase` builds a new string, and an S3 ETag is lower-case
 * hex already (any other is kept as it is).
 */
function detached(text: string): string {
  const copy = text.toLowerCase();
  return copy === text ? copy : text;
}

/**
 * The key of `body` from `from` to `to` (as read: still encoded), relative to `within`, or
 * undefined outside it. A key that needs no decoding (the usual case) is cut from the page at
 * once: one string per key, not a whole key and then its relative part.
 */
function keyWithin(body: string, from: number, to: number, within: string): string | undefined {
  if (within === '' || encoded(body, from, to)) {
    const key = decodeKey(body.slice(from, to));
    if (within === '') return key;
    return key.startsWith(within) ? key.slice(within.length) : undefined;
  }
  return body.startsWith(within, from) && to - from >= within.length
    ? body.slice(from + within.length, to)
    : undefined;
}

/** Whether the key's text holds what decoding changes: `&` (an entity), `%` or `+`. */
function encoded(body: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const unit = body.charCodeAt(i);
    if (unit === 37 || unit === 38 || unit === 43) return true;
  }
  return false;
}

/** `encoding-type=url` as S3 writes it: form encoding (a space may come as `+`). */
function decodeKey(key: string): string {
  const text = unescapeXml(key);
  if (!/[%+]/.test(text)) return text;
  return decodeURIComponent(text.replace(/\+/g, ' '));
}
