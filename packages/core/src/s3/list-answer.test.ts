import { describe, expect, it } from 'vitest';
import { parseListAnswer } from './list-answer.js';

const page = (contents: string, tail: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>b</Name><Prefix>in%2F</Prefix>${contents}<EncodingType>url</EncodingType>${tail}</ListBucketResult>`;

describe('s3: ListObjectsV2 pages read by the lean path', () => {
  it('reads every entry, keys URL-decoded, ETags unescaped, and the next token', () => {
    // Prepare
    const body = page(
      '<Contents><Key>in/a+b%2Bc%25.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>&quot;e1&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>' +
        '<Contents><Key>in/%E2%82%AC%0A</Key><LastModified>2026-01-02T03:04:06.000Z</LastModified><Size>0</Size></Contents>',
      '<IsTruncated>true</IsTruncated><NextContinuationToken>t/1=</NextContinuationToken>',
    );

    // Act
    const parsed = parseListAnswer(200, body);

    // Assess
    expect(parsed).toEqual({
      contents: [
        {
          key: 'in/a b+c%.txt',
          size: 3,
          lastModified: new Date('2026-01-02T03:04:05.000Z'),
          etag: '"e1"',
          storageClass: 'STANDARD',
        },
        { key: 'in/€\n', size: 0, lastModified: new Date('2026-01-02T03:04:06.000Z') },
      ],
      isTruncated: true,
      nextContinuationToken: 't/1=',
    });
  });

  it('reads a page that came in pieces the same as whole, wherever the pieces were cut', () => {
    // Prepare
    const body = page(
      '<Contents><Key>in/a%20b</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>&quot;e1&quot;</ETag><Size>3</Size></Contents>' +
        '<Contents><Key>in/%C3%A9</Key><Size>7</Size><LastModified>2026-01-02T03:04:06.000Z</LastModified></Contents>',
      '<IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken>',
    );
    const whole = parseListAnswer(200, body);

    // Act
    const cuts = Array.from({ length: body.length - 1 }, (_, i) => i + 1).map((cut) =>
      parseListAnswer(200, [body.slice(0, cut), body.slice(cut, cut + 40), body.slice(cut + 40)]),
    );

    // Assess
    expect(whole.contents.map((entry) => entry.key)).toEqual(['in/a b', 'in/é']);
    expect(whole.contents[1]?.size).toBe(7);
    for (const parsed of cuts) expect(parsed).toEqual(whole);
  });

  it('refuses a page that ends inside an entry', () => {
    // Act
    const read = () => parseListAnswer(200, ['<ListBucketResult><Contents><Key>a</Key>', '<Si']);

    // Assess
    expect(read).toThrow('truncated listing page');
  });

  it('leaves ETags and storage classes out when asked to (a sync destination compares sizes and times)', () => {
    // Prepare
    const body = page(
      '<Contents><Key>in/a</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><ETag>&quot;e1&quot;</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass></Contents>',
      '<IsTruncated>false</IsTruncated>',
    );

    // Act
    const parsed = parseListAnswer(200, body, undefined, { etags: false });

    // Assess
    expect(parsed.contents).toEqual([
      { key: 'in/a', size: 3, lastModified: new Date('2026-01-02T03:04:05.000Z') },
    ]);
  });

  it('gives keys relative to the listed prefix, and leaves out keys outside it', () => {
    // Prepare
    const entry = (key: string) =>
      `<Contents><Key>${key}</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><Size>1</Size></Contents>`;
    const body = page(
      entry('in/a') + entry('in/b%2Bc+d') + entry('in%2Fe') + entry('inx') + entry('out/f'),
      '<IsTruncated>false</IsTruncated>',
    );

    // Act
    const parsed = parseListAnswer(200, body, undefined, { etags: false, within: 'in/' });

    // Assess
    expect(parsed.contents.map((entry) => entry.key)).toEqual(['a', 'b+c d', 'e']);
  });

  it('reads an empty last page', () => {
    // Act
    const parsed = parseListAnswer(200, page('', '<IsTruncated>false</IsTruncated>'));

    // Assess
    expect(parsed).toEqual({ contents: [], isTruncated: false });
  });

  it('throws an error shaped like the SDK’s', () => {
    // Prepare
    const body =
      '<Error><Code>NoSuchBucket</Code><Message>gone</Message><RequestId>r1</RequestId></Error>';

    // Act
    const read = () => parseListAnswer(404, body);

    // Assess
    expect(read).toThrow(
      expect.objectContaining({
        name: 'NoSuchBucket',
        $metadata: { httpStatusCode: 404, requestId: 'r1' },
      }),
    );
  });
});
