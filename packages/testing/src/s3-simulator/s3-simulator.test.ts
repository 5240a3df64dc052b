import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Simulator } from './s3-simulator.js';
import type { RunningSimulator } from './types.js';

let simulator: RunningSimulator;
let s3: S3Client;

beforeAll(async () => {
  simulator = await startS3Simulator({ latencyMs: 0, buckets: ['src', 'dst'] });
  s3 = new S3Client({
    endpoint: simulator.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(async () => {
  s3.destroy();
  await simulator.stop();
});

async function put(bucket: string, key: string, body: string | Buffer, extra = {}) {
  return s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
}

async function read(bucket: string, key: string, range?: string) {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await answer.Body!.transformToByteArray());
}

describe('s3 simulator: objects', () => {
  it('stores bodies sent with aws-chunked encoding and serves ranges', async () => {
    // Prepare
    const body = Buffer.from('0123456789abcdef'.repeat(1000));

    // Act
    const written = await put('src', 'objects/range.bin', body);

    // Assess
    expect(written.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await read('src', 'objects/range.bin')).toEqual(body);
    expect((await read('src', 'objects/range.bin', 'bytes=16-31')).toString()).toBe(
      '0123456789abcdef',
    );
    expect((await read('src', 'objects/range.bin', 'bytes=-4')).toString()).toBe('cdef');
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'objects/range.bin' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('records which bytes of which object each GetObject sent', async () => {
    // Prepare
    await put('src', 'objects/reads.csv', Buffer.from('a'.repeat(100)));
    simulator.resetStats();

    // Act
    await read('src', 'objects/reads.csv', 'bytes=10-29');
    await read('src', 'objects/reads.csv', 'bytes=90-');
    await read('src', 'objects/reads.csv');
    await s3.send(new HeadObjectCommand({ Bucket: 'src', Key: 'objects/reads.csv' }));

    // Assess: a HEAD sends no body and is no read
    const stats = simulator.stats();
    const at = { bucket: 'src', key: 'objects/reads.csv' };
    expect(stats.reads).toEqual([
      { ...at, first: 10, last: 29, bytes: 20, ranged: true },
      { ...at, first: 90, last: 99, bytes: 10, ranged: true },
      { ...at, first: 0, last: 99, bytes: 100, ranged: false },
    ]);
    expect(stats.bytesOut).toBe(130);
    expect(stats.readsDropped).toBe(0);
  });

  it('keeps keys that look like paths verbatim', async () => {
    // Prepare
    const key = 'objects/../../etc/passwd + a space/ü';

    // Act
    await put('src', key, 'x');

    // Assess
    expect((await read('src', key)).toString()).toBe('x');
  });

  it.each([
    ['COPY', 'COPY', { origin: 'source' }, { team: 'a' }],
    ['REPLACE', 'REPLACE', { origin: 'replaced' }, { team: 'b' }],
  ])(
    'copies with metadata directive %s and tagging directive %s',
    async (metadataDirective, taggingDirective, metadata, tags) => {
      // Prepare
      const key = `copy/${metadataDirective}`;
      await put('src', key, 'payload', { Metadata: { origin: 'source' }, Tagging: 'team=a' });

      // Act
      const copied = await s3.send(
        new CopyObjectCommand({
          Bucket: 'dst',
          Key: key,
          CopySource: `src/${encodeURIComponent(key)}`,
          MetadataDirective: metadataDirective as 'COPY' | 'REPLACE',
          TaggingDirective: taggingDirective as 'COPY' | 'REPLACE',
          Metadata: { origin: 'replaced' },
          Tagging: 'team=b',
        }),
      );

      // Assess
      expect(copied.CopyObjectResult?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'dst', Key: key }));
      expect(head.Metadata).toEqual(metadata);
      const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: 'dst', Key: key }));
      expect(Object.fromEntries(tagging.TagSet!.map((t) => [t.Key, t.Value]))).toEqual(tags);
      expect((await read('dst', key)).toString()).toBe('payload');
    },
  );

  it('replaces tags with PutObjectTagging', async () => {
    // Prepare
    await put('src', 'tags/one', 'x', { Tagging: 'a=1' });

    // Act
    await s3.send(
      new PutObjectTaggingCommand({
        Bucket: 'src',
        Key: 'tags/one',
        Tagging: { TagSet: [{ Key: 'b', Value: '2 & <3>' }] },
      }),
    );

    // Assess
    const tagging = await s3.send(new GetObjectTaggingCommand({ Bucket: 'src', Key: 'tags/one' }));
    expect(tagging.TagSet).toEqual([{ Key: 'b', Value: '2 & <3>' }]);
  });

  it('assembles a multipart upload from UploadPart and UploadPartCopy', async () => {
    // Prepare
    const part = Buffer.alloc(5 * 1024 * 1024, 'a');
    await put('src', 'multipart/source', Buffer.from('0123456789'));
    const created = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'dst', Key: 'multipart/out' }),
    );
    const UploadId = created.UploadId!;

    // Act
    const first = await s3.send(
      new UploadPartCommand({
        Bucket: 'dst',
        Key: 'multipart/out',
        UploadId,
        PartNumber: 1,
        Body: part,
      }),
    );
    const second = await s3.send(
      new UploadPartCopyCommand({
        Bucket: 'dst',
        Key: 'multipart/out',
        UploadId,
        PartNumber: 2,
        CopySource: 'src/multipart/source',
        CopySourceRange: 'bytes=2-5',
      }),
    );
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'dst',
        Key: 'multipart/out',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.ETag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );

    // Assess
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    // Buffer.equals: a deep toEqual over 5 MiB is slow.
    const assembled = await read('dst', 'multipart/out');
    expect(assembled.equals(Buffer.concat([part, Buffer.from('2345')]))).toBe(true);
  });

  it('deletes a batch of keys with DeleteObjects', async () => {
    // Prepare
    await Promise.all(['del/a', 'del/b', 'del/c'].map((key) => put('src', key, key)));

    // Act
    const answer = await s3.send(
      new DeleteObjectsCommand({
        Bucket: 'src',
        Delete: { Objects: [{ Key: 'del/a' }, { Key: 'del/b' }] },
      }),
    );

    // Assess
    expect(answer.Deleted?.map((d) => d.Key)).toEqual(['del/a', 'del/b']);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'src', Prefix: 'del/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['del/c']);
  });

  it('refuses a create-only PUT over an existing key', async () => {
    // Prepare
    await put('src', 'conditional/one', 'first', { IfNoneMatch: '*' });

    // Act
    const failure = await put('src', 'conditional/one', 'second', { IfNoneMatch: '*' }).catch(
      (e: Error) => e,
    );

    // Assess
    expect(failure).toMatchObject({ name: 'PreconditionFailed' });
    expect((await read('src', 'conditional/one')).toString()).toBe('first');
  });

  it('answers NoSuchKey for a missing object', async () => {
    // Act
    const failure = await s3
      .send(new GetObjectCommand({ Bucket: 'src', Key: 'missing' }))
      .catch((e: Error) => e);

    // Assess
    expect(failure).toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('s3 simulator: listing', () => {
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'listing' }));
    simulator.seed({ bucket: 'listing', prefix: 'flat/', count: 25, size: 3, keyDigits: 3 });
    simulator.seed({ bucket: 'listing', prefix: 'tree/a/', count: 3, size: 1, keyDigits: 1 });
    simulator.seed({ bucket: 'listing', prefix: 'tree/b/', count: 2, size: 1, keyDigits: 1 });
    simulator.seed({ bucket: 'listing', prefix: 'tree/top', count: 1, size: 1, keyDigits: 1 });
  });

  it('pages ListObjectsV2 with continuation tokens', async () => {
    // Act
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: 'listing',
          Prefix: 'flat/',
          MaxKeys: 10,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      pages += 1;
    } while (token);

    // Assess
    expect(pages).toBe(3);
    expect(keys).toHaveLength(25);
    expect(keys[0]).toBe('flat/000');
    expect(keys).toEqual([...keys].sort());
  });

  it('groups common prefixes with a delimiter, across pages', async () => {
    // Act
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'tree/', Delimiter: '/', MaxKeys: 2 }),
    );
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'listing',
        Prefix: 'tree/',
        Delimiter: '/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );

    // Assess
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['tree/a/', 'tree/b/']);
    expect(first.IsTruncated).toBe(true);
    expect(second.CommonPrefixes).toBeUndefined();
    expect(second.Contents?.map((c) => c.Key)).toEqual(['tree/top0']);
  });

  it('starts after a key', async () => {
    // Act
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'flat/', StartAfter: 'flat/022' }),
    );

    // Assess
    expect(page.Contents?.map((c) => c.Key)).toEqual(['flat/023', 'flat/024']);
    expect(page.KeyCount).toBe(2);
  });

  it('pages ListObjects (V1) with markers', async () => {
    // Act
    const first = await s3.send(
      new ListObjectsCommand({ Bucket: 'listing', Prefix: 'flat/', MaxKeys: 20 }),
    );
    const second = await s3.send(
      new ListObjectsCommand({ Bucket: 'listing', Prefix: 'flat/', Marker: first.NextMarker }),
    );

    // Assess
    expect(first.IsTruncated).toBe(true);
    expect(first.NextMarker).toBe('flat/019');
    expect(second.Contents?.map((c) => c.Key)).toEqual([
      'flat/020',
      'flat/021',
      'flat/022',
      'flat/023',
      'flat/024',
    ]);
  });
});
