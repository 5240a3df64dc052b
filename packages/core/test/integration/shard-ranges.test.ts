import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { openManifest } from '../../src/manifest/open-manifest.js';
import type { ManifestEntry, ManifestSpec } from '../../src/manifest/types.js';
import { planByteRange } from '../../src/executors/aws-batch/shard/byte-range.js';

const emulator = useEmulator();

/** The entries shard `index` of `count` reads with a ranged GET of its bytes. */
async function readShard(spec: ManifestSpec, size: number, index: number, count: number) {
  const range = planByteRange(size, { index, count });
  const out: ManifestEntry[] = [];
  if (range.end === range.start) return out;
  for await (const entry of openManifest(spec, { s3: emulator.s3, range })) out.push(entry);
  return out;
}

function name(entry: ManifestEntry): string {
  return entry.kind === 'object'
    ? `${entry.object.key}`
    : `${entry.source.prefix}->${entry.destination.prefix}`;
}

describe('shard: byte ranges over a manifest in S3', () => {
  // Rows of very different lengths, quoted commas, unicode: boundaries fall mid-row.
  const keys = Array.from({ length: 41 }, (_, i) =>
    i % 7 === 0 ? `k-${i}-${'ü'.repeat(i)}` : i % 5 === 0 ? `k ${i},comma` : `k-${i}`,
  );

  describe.each([
    ['csv', false, (b: string) => keys.map((k) => `${b},${encodeURIComponent(k)}`)],
    [
      'pairs',
      true,
      (b: string) => [
        'source,destination',
        ...keys.map((k) => `"s3://${b}/${k}","s3://${b}/d/${k}"`),
      ],
    ],
  ] as const)('%s manifest (header %s)', (format, header, rows) => {
    it.each([1, 2, 3, 5, 8, 13, 40, 41, 64, 150])(
      'gives every row to exactly one of %i shards',
      async (count) => {
        // Prepare
        const bucket = await emulator.createBucket('shard');
        const text = `${rows(bucket).join('\r\n')}\n`;
        await emulator.putObjects(bucket, { 'm.csv': text });
        const spec: ManifestSpec = { format, location: `s3://${bucket}/m.csv`, header };
        const size = Buffer.byteLength(text);

        // Act
        const shards = await Promise.all(
          Array.from({ length: count }, (_, i) => readShard(spec, size, i, count)),
        );

        // Assess
        const seen = shards.flat().map(name);
        expect(seen.sort()).toEqual([...keys].sort());
      },
    );
  });
});
