import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../executors/aws-batch/shard/key-space.js';
import type { ListPage } from '../s3/list-answer.js';
import { listInRanges, rangeBounds } from './ranged-listing.js';
import type { PageQuery } from './sync-listing.js';

/**
 * A bucket as S3 lists it: UTF-8 byte order, `pageSize` keys a page, every request counted; keys
 * relative to the prefix when asked so.
 */
function bucketOf(keys: readonly string[], pageSize: number) {
  const sorted = [...new Set(keys)].sort(compareKeys);
  const queries: PageQuery[] = [];
  const read = async (query: PageQuery): Promise<ListPage> => {
    queries.push(query);
    const after = query.token ?? query.startAfter;
    const rest = sorted.filter(
      (k) => k.startsWith(query.prefix) && (after === undefined || compareKeys(k, after) > 0),
    );
    const contents = rest.slice(0, pageSize).map((key) => ({
      key: query.relative ? key.slice(query.prefix.length) : key,
      size: key.length,
      lastModified: new Date(0),
    }));
    const truncated = rest.length > pageSize;
    return {
      contents,
      isTruncated: truncated,
      ...(truncated ? { nextContinuationToken: rest[pageSize - 1] } : {}),
    };
  };
  return { sorted, read, queries };
}

async function keysOf(pages: AsyncIterable<readonly { key: string }[]>): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of pages) for (const o of page) keys.push(o.key);
  return keys;
}

// Keys with shared stems, slashes and characters past U+FFFF, where UTF-16 order is wrong.
const key = fc
  .array(fc.constantFrom('a', 'b', 'z', '/', '0', '9', '~', 'é', '\u{FF5E}', '\u{1F600}'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((chars) => chars.join(''));

describe('operations: ranged listing', () => {
  it('a prefix of one page costs one request, as a sequential listing', async () => {
    // Prepare
    const bucket = bucketOf(['p/a', 'p/b', 'p/c', 'q/d'], 10);

    // Act
    const keys = await keysOf(listInRanges(bucket.read, 'p/', { ranges: 8 }));

    // Assess
    expect(keys).toEqual(['a', 'b', 'c']);
    expect(bucket.queries).toHaveLength(1);
  });

  it('lists a large prefix as concurrent ranges, in the order a sequential listing gives', async () => {
    // Prepare
    const all = Array.from({ length: 2000 }, (_, i) => `p/${String(i).padStart(5, '0')}`);
    const bucket = bucketOf(all, 50);

    // Act
    const keys = await keysOf(listInRanges(bucket.read, 'p/', { ranges: 4, probes: 4 }));

    // Assess
    expect(keys).toEqual(all.map((k) => k.slice(2)));
    const starts = bucket.queries.filter((q) => q.token === undefined && q.prefix === 'p/');
    // The first page, then one listing per further range, from its lower bound.
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(starts.map((q) => q.startAfter)).size).toBe(starts.length);
  });

  it('gives exactly the sequential listing for any keys, page size and bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(key, { maxLength: 120 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.option(key, { nil: undefined }),
        fc.option(key, { nil: undefined }),
        async (keys, pageSize, ranges, startAfter, until) => {
          // Prepare
          const sequential = bucketOf(
            keys.map((k) => `p/${k}`),
            pageSize,
          );
          const ranged = bucketOf(
            keys.map((k) => `p/${k}`),
            pageSize,
          );
          const bounds = {
            ...(startAfter !== undefined ? { startAfter } : {}),
            ...(until !== undefined ? { until } : {}),
          };

          // Act
          const expected = await keysOf(
            listInRanges(sequential.read, 'p/', { ...bounds, ranges: 1 }),
          );
          const actual = await keysOf(
            listInRanges(ranged.read, 'p/', { ...bounds, ranges, probes: 3, pagesAhead: 2 }),
          );

          // Assess
          expect(actual).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts only inside the listed range, at strictly increasing keys', async () => {
    // Prepare
    const all = Array.from({ length: 500 }, (_, i) => `p/${String(i).padStart(4, '0')}`);
    const bucket = bucketOf(all, 20);
    const range = { startAfter: '0100', until: '0400' };
    const first = await bucket.read({ prefix: 'p/', startAfter: 'p/0100' });

    // Act
    const bounds = await rangeBounds(bucket.read, 'p/', range, first, { ranges: 6, probes: 8 });

    // Assess
    expect(bounds.length).toBeGreaterThan(0);
    expect(bounds.length).toBeLessThanOrEqual(5);
    for (const [i, bound] of bounds.entries()) {
      expect(compareKeys(bound, range.startAfter)).toBeGreaterThan(0);
      expect(compareKeys(bound, range.until)).toBeLessThan(0);
      if (i > 0) expect(compareKeys(bounds[i - 1]!, bound)).toBeLessThan(0);
    }
  });
});
