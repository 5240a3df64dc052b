import { describe, expect, it } from 'vitest';
import { planByteRange } from './byte-range.js';
import { planInventoryFiles } from './inventory-files.js';
import { compareKeys } from './key-space.js';
import { validateShard } from './shard-ref.js';

const SHARD_COUNTS = [1, 2, 3, 7, 10, 64, 100, 1000];

/** Byte offsets where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

describe('shard: byte ranges', () => {
  const text = Array.from({ length: 37 }, (_, i) => `bucket,key-${'x'.repeat(i % 9)}-${i}`).join(
    '\n',
  );
  const size = Buffer.byteLength(text);

  it.each(SHARD_COUNTS)('tiles the file with %i shards', (count) => {
    // Act
    const ranges = Array.from({ length: count }, (_, index) =>
      planByteRange(size, { index, count }),
    );

    // Assess
    expect(ranges[0]!.start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(size);
    for (let i = 1; i < count; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
  });

  it.each(SHARD_COUNTS)(
    'puts every row in exactly one of %i shards (rows start in range)',
    (count) => {
      // Prepare
      const ranges = Array.from({ length: count }, (_, index) =>
        planByteRange(size, { index, count }),
      );

      // Act
      const owners = lineStarts(text).map(
        (offset) => ranges.filter((r) => r.start <= offset && offset < r.end).length,
      );

      // Assess
      expect(owners).toHaveLength(37);
      expect(owners.every((n) => n === 1)).toBe(true);
    },
  );

  it('gives empty ranges to shards past the end of a tiny file', () => {
    // Act
    const ranges = Array.from({ length: 10 }, (_, index) => planByteRange(3, { index, count: 10 }));

    // Assess
    expect(ranges.filter((r) => r.end > r.start)).toHaveLength(3);
    expect(ranges.reduce((sum, r) => sum + r.end - r.start, 0)).toBe(3);
  });

  it('stays exact for huge files and 10,000 shards', () => {
    // Prepare
    const size = 2 ** 52 + 12345;

    // Act
    const last = planByteRange(size, { index: 9999, count: 10_000 });

    // Assess
    expect(last.end).toBe(size);
  });
});

describe('shard: inventory data files', () => {
  const sizes = [500, 10, 10, 300, 200, 200, 50, 1, 0, 90];

  it.each(SHARD_COUNTS)('assigns every file to exactly one of %i shards', (count) => {
    // Act
    const assigned = Array.from({ length: count }, (_, index) =>
      planInventoryFiles(sizes, { index, count }),
    ).flat();

    // Assess
    expect(assigned.sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
  });

  it('balances by bytes', () => {
    // Act
    const loads = [0, 1].map((index) =>
      planInventoryFiles(sizes, { index, count: 2 }).reduce((sum, f) => sum + sizes[f]!, 0),
    );

    // Assess
    expect(Math.abs(loads[0]! - loads[1]!)).toBeLessThan(50); // 1,361 bytes: 700 vs 661
  });
});

describe('shard: key order', () => {
  it('compares keys by UTF-8 bytes, not UTF-16 units', () => {
    expect(compareKeys('\u{FFFF}', '\u{10000}')).toBe(-1);
    expect('\u{FFFF}' < '\u{10000}').toBe(false);
  });
});

describe('shard: validation', () => {
  it.each([
    [{ index: 0, count: 0 }, /count/],
    [{ index: 3, count: 3 }, /index/],
    [{ index: -1, count: 3 }, /index/],
    [{ index: 0, count: 10_001 }, /count/],
    [{ index: 0.5, count: 2 }, /index/],
  ])('rejects %o', (shard, message) => {
    expect(() => validateShard(shard)).toThrow(message);
  });
});
