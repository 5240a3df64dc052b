import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { AWKWARD_KEYS, badManifestCorpus, encodeManifestKey, useEmulator } from '@s3bulk/testing';
import { writeToString } from 'fast-csv';
import { describe, expect, it } from 'vitest';
import { ManifestError } from '../../src/errors.js';
import { openManifest, validateManifest } from '../../src/manifest/open-manifest.js';
import type { ManifestEntry, ManifestSpec, ObjectEntry } from '../../src/manifest/types.js';

const emulator = useEmulator();

async function collect(entries: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

const keysOf = (entries: ManifestEntry[]) => (entries as ObjectEntry[]).map((e) => e.object.key);

describe('manifest: readers on S3', () => {
  describe.each([
    ['plain', false],
    ['gzipped', true],
  ])('%s manifests stored in the emulator', (_name, gzip) => {
    const body = (text: string) => (gzip ? gzipSync(text) : Buffer.from(text));
    const ext = gzip ? '.csv.gz' : '.csv';

    it('pairs: awkward keys, header, prefixes', async () => {
      // Prepare
      const bucket = await emulator.createBucket('mf-pairs');
      const rows = [
        ['source', 'destination'],
        ...AWKWARD_KEYS.map((k) => [`s3://src-bucket/${k}`, `s3://dst-bucket/${k}`]),
        ['s3://src-bucket/dir/', 's3://dst-bucket/dir/'],
      ];
      await emulator.putObjects(bucket, { [`in/pairs${ext}`]: body(await writeToString(rows)) });

      // Act
      const entries = await collect(
        openManifest(
          { format: 'pairs', location: `s3://${bucket}/in/pairs${ext}`, header: true },
          { s3: emulator.s3 },
        ),
      );

      // Assess
      expect(entries.slice(0, -1).map((e) => (e.kind === 'object' ? e.object.key : ''))).toEqual(
        AWKWARD_KEYS,
      );
      expect(entries.at(-1)).toMatchObject({
        kind: 'prefix',
        source: { prefix: 'dir/' },
        location: { line: rows.length },
      });
    });

    it('csv: URL-encoded awkward keys and version ids', async () => {
      // Prepare
      const bucket = await emulator.createBucket('mf-csv');
      const text = AWKWARD_KEYS.map((k, i) => `my-bucket,${encodeManifestKey(k)},v${i}`).join('\n');
      await emulator.putObjects(bucket, { [`m${ext}`]: body(text) });

      // Act
      const entries = (await collect(
        openManifest(
          {
            format: 'csv',
            location: `s3://${bucket}/m${ext}`,
            fields: ['Bucket', 'Key', 'VersionId'],
          },
          { s3: emulator.s3 },
        ),
      )) as ObjectEntry[];

      // Assess
      expect(entries.map((e) => e.object)).toEqual(
        AWKWARD_KEYS.map((key, i) => ({ bucket: 'my-bucket', key, versionId: `v${i}` })),
      );
    });
  });

  it('inventory: manifest.json in S3 points at data files in its destination bucket', async () => {
    // Prepare
    const bucket = await emulator.createBucket('mf-inventory');
    const files = [AWKWARD_KEYS.slice(0, 4), AWKWARD_KEYS.slice(4)].map((keys) =>
      gzipSync(
        keys
          .map(
            (k) =>
              `"src-bucket","${encodeManifestKey(k)}","7","2024-05-01T00:00:00.000Z","e1","STANDARD_IA"`,
          )
          .join('\n'),
      ),
    );
    const prefix = 'inv/src-bucket/cfg';
    await emulator.putObjects(bucket, {
      [`${prefix}/data/a.csv.gz`]: files[0]!,
      [`${prefix}/data/b.csv.gz`]: files[1]!,
      [`${prefix}/2024-05-01T00-00Z/manifest.json`]: JSON.stringify({
        sourceBucket: 'src-bucket',
        destinationBucket: `arn:aws:s3:::${bucket}`,
        version: '2016-11-30',
        fileFormat: 'CSV',
        fileSchema: 'Bucket, Key, Size, LastModifiedDate, ETag, StorageClass',
        files: ['a', 'b'].map((name, i) => ({
          key: `${prefix}/data/${name}.csv.gz`,
          size: files[i]!.length,
          MD5checksum: createHash('md5').update(files[i]!).digest('hex'),
        })),
      }),
    });
    const location = `s3://${bucket}/${prefix}/2024-05-01T00-00Z/manifest.json`;

    // Act
    const entries = (await collect(
      openManifest({ format: 'inventory', location }, { s3: emulator.s3 }),
    )) as ObjectEntry[];
    const second = await collect(
      openManifest({ format: 'inventory', location }, { s3: emulator.s3, inventoryFiles: [1] }),
    );

    // Assess
    expect(keysOf(entries)).toEqual(AWKWARD_KEYS);
    expect(entries[0]?.facts).toEqual({
      size: 7,
      lastModified: new Date('2024-05-01T00:00:00.000Z'),
      etag: 'e1',
      storageClass: 'STANDARD_IA',
    });
    expect(entries[0]?.location.source).toBe(`s3://${bucket}/${prefix}/data/a.csv.gz`);
    expect(keysOf(second)).toEqual(AWKWARD_KEYS.slice(4));
  });

  it('byte ranges of an S3 manifest tile it: every row exactly once', async () => {
    // Prepare
    const bucket = await emulator.createBucket('mf-range');
    const short = AWKWARD_KEYS.filter((k) => k.length < 100);
    const keys = Array.from({ length: 200 }, (_, i) => `k/${i} ${short[i % short.length]}`);
    const text = keys.map((k) => `my-bucket,${encodeManifestKey(k)}\r\n`).join('');
    await emulator.putObjects(bucket, { 'big.csv': text });
    const size = Buffer.byteLength(text);
    const cuts = [0, 1, 777, 778, Math.floor(size / 2), size - 3, size];

    // Act
    const read: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const entries = await collect(
        openManifest(
          { format: 'csv', location: `s3://${bucket}/big.csv` },
          { s3: emulator.s3, range: { start: cuts[i]!, end: cuts[i + 1]! } },
        ),
      );
      read.push(...keysOf(entries));
    }

    // Assess
    expect(read).toEqual(keys);
  });

  it('a missing manifest object is a ManifestError naming it', async () => {
    // Prepare
    const bucket = await emulator.createBucket('mf-missing');

    // Act
    const read = collect(
      openManifest({ format: 'csv', location: `s3://${bucket}/nope.csv` }, { s3: emulator.s3 }),
    );

    // Assess
    await expect(read).rejects.toThrow(ManifestError);
    await expect(read).rejects.toMatchObject({
      message: 'manifest not found',
      location: { source: `s3://${bucket}/nope.csv` },
    });
  });

  it('every case of the bad-manifest corpus fails the same way from S3', async () => {
    // Prepare
    const bucket = await emulator.createBucket('mf-corpus');
    // Each case lives under its own prefix (inventory manifests name their data files by key).
    const cases = badManifestCorpus().map(
      (_c, i) => badManifestCorpus({ bucket, prefix: `corpus/${i}` })[i]!,
    );
    for (const [i, c] of cases.entries()) {
      await emulator.putObjects(
        bucket,
        Object.fromEntries(Object.entries(c.files).map(([p, v]) => [`corpus/${i}/${p}`, v])),
      );
    }

    // Act
    const results = [];
    for (const [i, c] of cases.entries()) {
      const spec = {
        format: c.format,
        location: `s3://${bucket}/corpus/${i}/${c.manifest}`,
        ...(c.header ? { header: true } : {}),
        ...(c.fields ? { fields: c.fields } : {}),
      } as ManifestSpec;
      results.push({ c, first: (await validateManifest(spec, { s3: emulator.s3 })).errors[0] });
    }

    // Assess
    for (const { c, first } of results) {
      expect(first, c.name).toBeInstanceOf(ManifestError);
      expect(first?.message, c.name).toMatch(c.expected.problem);
      expect(first?.location.line, c.name).toBe(c.expected.line);
      if (c.expected.field !== undefined) expect(first?.field, c.name).toBe(c.expected.field);
      expect(first?.location.source.startsWith(`s3://${bucket}/`), c.name).toBe(true);
    }
  });
});
