import { compareKeys, type StoredBucket, type StoredObject } from './object-store.js';
import type { S3Request, S3Response, SimulatorState } from './simulator-state.js';
import { elements, escapeXml, OWNER, xmlDocumentEnd, xmlDocumentStart } from './xml.js';

/** One page of a listing: the objects and common prefixes it holds, in key order. */
interface ListingPage {
  contents: StoredObject[];
  commonPrefixes: string[];
  last: string;
  truncated: boolean;
}

/** ListObjects (V1, `marker`) and ListObjectsV2 (`continuation-token`, `start-after`). */
export function listObjects(state: SimulatorState, request: S3Request, v2: boolean): S3Response {
  const bucket = state.bucket(request.bucket);
  const q = request.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0));
  const encode = q.get('encoding-type') === 'url' ? urlEncode : (value: string) => value;
  const token = q.get('continuation-token');
  const after = v2
    ? token
      ? decodeToken(token)
      : (q.get('start-after') ?? '')
    : (q.get('marker') ?? '');
  const page = collectPage(bucket, prefix, delimiter, after, maxKeys);

  const head = elements({
    Name: request.bucket,
    Prefix: encode(prefix),
    ...(v2
      ? {
          KeyCount: page.contents.length + page.commonPrefixes.length,
          ContinuationToken: token ?? undefined,
          NextContinuationToken: page.truncated ? encodeToken(page.last) : undefined,
          StartAfter: q.has('start-after') ? encode(q.get('start-after') ?? '') : undefined,
        }
      : { Marker: encode(after), NextMarker: page.truncated ? encode(page.last) : undefined }),
    MaxKeys: maxKeys,
    Delimiter: delimiter ? encode(delimiter) : undefined,
    EncodingType: encode === urlEncode ? 'url' : undefined,
    IsTruncated: page.truncated,
  });
  const owner = v2 ? '' : OWNER;
  const times = new TimeText();
  const writer = new PageWriter(xmlDocumentStart('ListBucketResult') + head);
  for (const object of page.contents) {
    writer.text(
      `<Contents><Key>${escapeXml(encode(object.key))}</Key>` +
        `<LastModified>${times.of(object.lastModified)}</LastModified>` +
        `<ETag>&quot;${escapeXml(object.etag)}&quot;</ETag><Size>${object.size}</Size>` +
        `<StorageClass>STANDARD</StorageClass>${owner}</Contents>`,
    );
  }
  for (const common of page.commonPrefixes) {
    writer.text(`<CommonPrefixes><Prefix>${escapeXml(encode(common))}</Prefix></CommonPrefixes>`);
  }
  writer.text(xmlDocumentEnd('ListBucketResult'));
  return { status: 200, body: writer.bytes() };
}

function collectPage(
  bucket: StoredBucket,
  prefix: string,
  delimiter: string,
  after: string,
  maxKeys: number,
): ListingPage {
  const keys = bucket.sortedKeys();
  const page: ListingPage = { contents: [], commonPrefixes: [], last: '', truncated: false };
  const { contents, commonPrefixes } = page;
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
      page.truncated = true;
      break;
    }
    if (common !== undefined) {
      commonPrefixes.push(common);
      page.last = common;
    } else {
      contents.push(bucket.objects.get(key) as StoredObject);
      page.last = key;
    }
  }
  return page;
}

// Characters encodeURIComponent leaves alone, and the `/` that S3 leaves too.
const URL_SAFE = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/** `encoding-type=url` as S3 writes it: percent-encoded, `/` kept. */
function urlEncode(value: string): string {
  return URL_SAFE.test(value) ? value : encodeURIComponent(value).replace(/%2F/g, '/');
}

/** ISO texts of LastModified; seeded objects share one time, so the last one is kept. */
class TimeText {
  #time = Number.NaN;
  #text = '';

  of(date: Date): string {
    const time = date.getTime();
    if (time !== this.#time) {
      this.#time = time;
      this.#text = date.toISOString();
    }
    return this.#text;
  }
}

function encodeToken(after: string): string {
  return Buffer.from(after, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}

/**
 * A page's UTF-8 bytes written in one pass into one growing Buffer, one write per entry: the
 * bench's LISTs answer 1,000 keys each, and the simulator's CPU comes from the cores the client
 * under test runs on (a page joined as one string first cost 3x more: flattening, then encoding).
 */
class PageWriter {
  #buffer = Buffer.allocUnsafe(256 * 1024);
  #length = 0;

  constructor(start: string) {
    this.text(start);
  }

  text(value: string): void {
    this.#room(value.length * 3);
    this.#length += this.#buffer.write(value, this.#length, 'utf8');
  }

  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  #room(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }
}
