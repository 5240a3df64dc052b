import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listObjects } from './list-objects.js';
import { SimulatorState, type S3Request } from './simulator-state.js';

// Pins the bytes of listing answers, so a faster renderer answers exactly what the slow one did.
const AT = new Date('2026-01-01T00:00:00.000Z');
const AWKWARD_KEYS = [
  'odd/a&b<c>.txt',
  'odd/quote"apos\'.txt',
  'odd/line\r\nbreak',
  'odd/tab\there',
  'odd/sp ace/+plus%25',
  'odd/caf\u00e9',
  'odd/\uff5ewave',
  'odd/\u{1f600}smile',
  'odd/dir/inner',
  'odd/dir/second',
  'odd/dir2/x',
];

function stateForListing(): SimulatorState {
  const state = new SimulatorState();
  state.seed({ bucket: 'b', prefix: 'w3/', count: 2_500, size: 1024, lastModified: AT.getTime() });
  state.seed({
    bucket: 'b',
    prefix: 'w3/',
    start: 7,
    step: 200,
    count: 12,
    size: 2048,
    variant: 1,
  });
  // Keys of 900 bytes: a page of them outgrows the renderer's first buffer.
  state.seed({ bucket: 'b', prefix: `long/${'\u00e9x'.repeat(300)}/`, count: 400, size: 1 });
  const bucket = state.bucket('b');
  for (const [index, key] of AWKWARD_KEYS.entries()) {
    const etag = index % 2 === 0 ? `${index}0f`.padEnd(32, 'a') : `${index}e&"`.padEnd(34, 'b');
    const object = { key, chunks: [], size: index, etag, lastModified: AT, contentType: 'x' };
    bucket.put({ ...object, metadata: {}, tags: {}, headers: {} });
  }
  // The second seed above stamps now(): give those objects a fixed time too.
  for (const object of bucket.objects.values()) object.lastModified = AT;
  return state;
}

function list(state: SimulatorState, query: string, v2: boolean): Buffer {
  const request: S3Request = {
    operation: v2 ? 'ListObjectsV2' : 'ListObjects',
    method: 'GET',
    bucket: 'b',
    key: '',
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.alloc(0),
    requestId: 'SIM1',
  };
  const { body } = listObjects(state, request, v2);
  return Buffer.isBuffer(body) ? body : Buffer.from(body as string, 'utf8');
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('s3 simulator: listing answers', () => {
  const state = stateForListing();

  it('renders a small page byte for byte', () => {
    // Act
    const page = list(state, 'list-type=2&prefix=odd%2Fdir&max-keys=2', true);

    // Assess
    expect(page.toString('utf8')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name>' +
        '<Prefix>odd/dir</Prefix><KeyCount>2</KeyCount><NextContinuationToken>b2RkL2Rpci9zZWNvbmQ' +
        '</NextContinuationToken><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated><Contents>' +
        '<Key>odd/dir/inner</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>' +
        '<ETag>&quot;80faaaaaaaaaaaaaaaaaaaaaaaaaaaaa&quot;</ETag><Size>8</Size>' +
        '<StorageClass>STANDARD</StorageClass></Contents><Contents><Key>odd/dir/second</Key>' +
        '<LastModified>2026-01-01T00:00:00.000Z</LastModified>' +
        '<ETag>&quot;9e&amp;&quot;bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&quot;</ETag><Size>9</Size>' +
        '<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>',
    );
  });

  it.each([
    [
      'a full page',
      'list-type=2&prefix=w3%2F',
      true,
      '207299 6f88e68aa26948de497b9cd614b90787f5f96f7ef67ed0604d094767329153fa',
    ],
    [
      'the next page',
      'list-type=2&prefix=w3%2F&continuation-token=dzMvMDAwMDA5OTk',
      true,
      '207353 ab0d155e8d46a2ed68e2572c74b144498c02df22839f0674ebc15a8967ce7885',
    ],
    [
      'a page after a key',
      'list-type=2&prefix=w3%2F&start-after=w3%2F00002400',
      true,
      '20765 c00872294cec174abbd51ae2b32960aa081bee37641e8960ca8cf3a47f078833',
    ],
    [
      'keys to escape',
      'list-type=2&prefix=odd%2F',
      true,
      '2593 2b4444998e98ad7aac85ef2bb29b818112801250215a4b936228e25000fe6a1f',
    ],
    [
      'keys url-encoded',
      'list-type=2&prefix=odd%2F&encoding-type=url',
      true,
      '2640 01304a7df77f17c5975ec740aed0db8496540bb0875c4f4df99f23579382662b',
    ],
    [
      'common prefixes',
      'list-type=2&delimiter=%2F&prefix=odd%2F&max-keys=5',
      true,
      '1086 9edfd711f95e890627a8b94548d76195d221c8cc95f8222addd57e1b39653ae2',
    ],
    [
      'a whole bucket, delimited',
      'list-type=2&delimiter=%2F',
      true,
      '418 b23dde610817694c5ee38e59ffeb6dc1904e947f67adaf5f74b0a7bcdfaf6d61',
    ],
    [
      'a page of long keys',
      'list-type=2&prefix=long%2F',
      true,
      '443039 1381568bd8e0d8fe1137487f0422dc5bca1f4813c76e09b1a1f78eacb0de42f8',
    ],
    [
      'no keys at all',
      'list-type=2&max-keys=0&prefix=w3%2F',
      true,
      '278 7bf386d00b0966e2039c8d2463fb679932d2a5acce04fa063e7e9133b4b698cb',
    ],
    [
      'V1 after a marker',
      'prefix=w3%2F&marker=w3%2F00001995&max-keys=20',
      false,
      '5914 54aa1ec093845ff4d0ad6a897dc710d4f86ae58568a5f8547a0e43622234ddb7',
    ],
    [
      'V1 keys to escape',
      'prefix=odd%2F&delimiter=%2F&encoding-type=url',
      false,
      '2517 b8e1f2b96183f94a62c3c1e931cf542fb2a2a5893c5b605c9adfa518223fcd43',
    ],
  ])('answers %s as before', (_name, query, v2, expected) => {
    // Act
    const page = list(state, query, v2);

    // Assess
    expect(`${page.length} ${sha256(page)}`).toBe(expected);
  });
});
