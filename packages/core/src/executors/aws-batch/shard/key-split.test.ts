import { describe, expect, it } from 'vitest';
import { sampleKeySpace, type KeyPageLister } from './key-sample.js';
import { compareKeys, keyInRange } from './key-space.js';
import { keySliceOf, splitKeySpace } from './key-split.js';

/** A prefix listing as S3 serves it: UTF-8 byte order, `pageSize` keys a page. */
function bucketOf(keys: readonly string[], pageSize = 1000) {
  const sorted = [...keys].sort(compareKeys);
  let requests = 0;
  const list: KeyPageLister = async ({ within, startAfter }) => {
    requests++;
    const after = sorted.filter(
      (k) => k.startsWith(within) && (startAfter === undefined || compareKeys(k, startAfter) > 0),
    );
    return { keys: after.slice(0, pageSize), truncated: after.length > pageSize };
  };
  return { sorted, list, requests: () => requests };
}

/** Split `keys` over `count` shards; how many keys each shard gets, and how many shards own each key. */
async function split(keys: readonly string[], count: number, pageSize?: number) {
  const bucket = bucketOf(keys, pageSize);
  const bounds = splitKeySpace(await sampleKeySpace(bucket.list, { count }), count);
  const slices = Array.from({ length: count }, (_, index) => keySliceOf(bounds, { index, count }));
  const loads = slices.map((s) => (s ? keys.filter((k) => keyInRange(k, s)).length : 0));
  const owners = keys.map((k) => slices.filter((s) => s && keyInRange(k, s)).length);
  return { bounds, loads, owners, requests: bucket.requests() };
}

function dateKeys(days: number, perDay: number): string[] {
  const keys: string[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let d = 0; d < days; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (let f = 0; f < perDay; f++) keys.push(`${day}/file-${String(f).padStart(4, '0')}.log`);
  }
  return keys;
}

const share = (loads: readonly number[]) => Math.max(...loads) / loads.reduce((a, b) => a + b, 0);

describe('shard: key-space split from a sample', () => {
  it('splits date-prefixed keys evenly when the prefix is listed whole', async () => {
    // Prepare
    const keys = dateKeys(90, 10);

    // Act
    const { loads, owners, requests } = await split(keys, 4);

    // Assess
    expect(owners.every((n) => n === 1)).toBe(true);
    expect(loads).toEqual([225, 225, 225, 225]);
    expect(requests).toBe(1);
  });

  it.each([4, 16])(
    'balances date-prefixed keys over %i shards from a sample of a big prefix',
    async (count) => {
      // Prepare: 14,600 keys in pages of 100: 146 pages, more than the budget
      const keys = dateKeys(365, 40);

      // Act
      const { loads, owners, requests } = await split(keys, count, 100);

      // Assess
      expect(owners.every((n) => n === 1)).toBe(true);
      expect(requests).toBeLessThanOrEqual(16 + 8 * count);
      expect(requests).toBeLessThan(146);
      expect(share(loads)).toBeLessThan(2.5 / count);
    },
  );

  it('splits keys under one common prefix', async () => {
    // Prepare
    const keys = Array.from({ length: 5000 }, (_, i) => `logs/app/${i.toString(36)}.json`);

    // Act
    const { loads, owners } = await split(keys, 4, 100);

    // Assess
    expect(owners.every((n) => n === 1)).toBe(true);
    expect(share(loads)).toBeLessThan(0.6);
  });

  it('gives each of fewer keys than shards to exactly one shard', async () => {
    // Prepare
    const keys = ['a', 'b/c', 'b/d'];

    // Act
    const { bounds, loads, owners } = await split(keys, 10);

    // Assess
    expect(owners).toEqual([1, 1, 1]);
    expect(bounds.length).toBeLessThanOrEqual(3);
    expect(loads.filter((n) => n > 0)).toEqual([1, 1, 1]);
  });

  it('gives an empty prefix to one shard, whole', async () => {
    // Act
    const { bounds } = await split([], 8);
    const slices = Array.from({ length: 8 }, (_, index) => keySliceOf(bounds, { index, count: 8 }));

    // Assess
    expect(bounds).toEqual([]);
    expect(slices.filter((s) => s !== undefined)).toEqual([{}]);
  });

  it('orders boundaries over unicode keys by UTF-8 bytes', async () => {
    // Prepare: U+FFFF sorts before U+10000 in S3, after it in UTF-16
    const keys = [
      ...Array.from({ length: 300 }, (_, i) => `\u{FFFF}${i}`),
      ...Array.from({ length: 300 }, (_, i) => `\u{10000}${i}`),
      ...Array.from({ length: 300 }, (_, i) => `日本語/${i}`),
      ...Array.from({ length: 300 }, (_, i) => `emoji-😀-${i}`),
      'plain',
    ];

    // Act
    const { bounds, loads, owners } = await split(keys, 4, 50);

    // Assess
    expect(owners.every((n) => n === 1)).toBe(true);
    for (let i = 1; i < bounds.length; i++)
      expect(compareKeys(bounds[i - 1]!, bounds[i]!)).toBe(-1);
    expect(share(loads)).toBeLessThan(0.6);
  });

  it.each([1, 2, 3, 7, 64, 1000])('tiles the key space with %i shards', async (count) => {
    // Prepare
    const keys = ['', ' ', '!', 'a', 'a/b', '~', '\u{10FFFF}', '\u{10FFFF}z', ...dateKeys(20, 7)];

    // Act
    const { owners } = await split(keys, count, 10);

    // Assess
    expect(owners.every((n) => n === 1)).toBe(true);
  });

  it('is deterministic: the same listing gives the same boundaries', async () => {
    // Prepare
    const keys = dateKeys(60, 30);

    // Act
    const [a, b] = await Promise.all([split(keys, 5, 100), split(keys, 5, 100)]);

    // Assess
    expect(a.bounds).toEqual(b.bounds);
    expect(a.bounds).toHaveLength(4);
  });

  it('spreads the slices of a small prefix from an offset shard', () => {
    // Act
    const owners = Array.from({ length: 6 }, (_, index) =>
      keySliceOf(['m'], { index, count: 6 }, 4),
    );

    // Assess
    expect(owners.map((s) => (s ? JSON.stringify(s) : '-'))).toEqual([
      '-',
      '{"startAfter":"m"}',
      '-',
      '-',
      '{"until":"m"}',
      '-',
    ]);
  });
});
