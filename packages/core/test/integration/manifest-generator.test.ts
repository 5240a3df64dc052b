import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWKWARD_KEYS, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { generateManifest } from '../../src/manifest/generator.js';
import { writeInventoryManifest } from '../../src/manifest/inventory-writer.js';
import { openManifest } from '../../src/manifest/open-manifest.js';
import type { ManifestEntry, ManifestFilters, ObjectEntry } from '../../src/manifest/types.js';

const emulator = useEmulator();

async function collect<T extends ManifestEntry>(entries: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

/** A bucket with objects of known sizes, suffixes and storage classes. */
async function seededBucket(): Promise<string> {
  const bucket = await emulator.createBucket('mf-generate');
  await emulator.putObjects(bucket, {
    'logs/2024/a.log': 'x'.repeat(10),
    'logs/2024/b.log': 'x'.repeat(2000),
    'logs/2024/c.json': 'x'.repeat(50),
    'images/cat.png': { Body: 'x'.repeat(500), StorageClass: 'STANDARD_IA' },
    'images/dog.png': { Body: 'x'.repeat(5), StorageClass: 'GLACIER' },
    'readme.txt': 'hello',
  });
  return bucket;
}

describe('manifest: generator (S3JobManifestGenerator filters)', () => {
  const hourAgo = new Date(Date.now() - 3_600_000);
  const inAnHour = new Date(Date.now() + 3_600_000);

  it.each<[string, string, ManifestFilters, string[]]>([
    [
      'no filter',
      '',
      {},
      [
        'images/cat.png',
        'images/dog.png',
        'logs/2024/a.log',
        'logs/2024/b.log',
        'logs/2024/c.json',
        'readme.txt',
      ],
    ],
    ['listing prefix', 'logs/', {}, ['logs/2024/a.log', 'logs/2024/b.log', 'logs/2024/c.json']],
    ['key prefix', '', { keyPrefix: 'images/' }, ['images/cat.png', 'images/dog.png']],
    ['key suffix', '', { keySuffix: '.log' }, ['logs/2024/a.log', 'logs/2024/b.log']],
    ['key substring', '', { keySubstring: '2024/c' }, ['logs/2024/c.json']],
    ['min size', '', { minSize: 500 }, ['images/cat.png', 'logs/2024/b.log']],
    ['max size', '', { maxSize: 10 }, ['images/dog.png', 'logs/2024/a.log', 'readme.txt']],
    [
      'storage classes',
      '',
      { storageClasses: ['GLACIER', 'STANDARD_IA'] },
      ['images/cat.png', 'images/dog.png'],
    ],
    [
      'created after an hour ago',
      'images/',
      { createdAfter: hourAgo },
      ['images/cat.png', 'images/dog.png'],
    ],
    ['created after in an hour', '', { createdAfter: inAnHour }, []],
    [
      'created before in an hour',
      'images/',
      { createdBefore: inAnHour },
      ['images/cat.png', 'images/dog.png'],
    ],
    ['created before an hour ago', '', { createdBefore: hourAgo }, []],
    [
      'every filter together',
      'logs/',
      { keySuffix: '.log', minSize: 5, maxSize: 100, storageClasses: ['STANDARD'] },
      ['logs/2024/a.log'],
    ],
  ])('%s', async (_name, prefix, filters, expected) => {
    // Prepare
    const bucket = await seededBucket();

    // Act
    const entries = await collect(
      generateManifest(
        { format: 'generate', bucket, prefix, filters },
        { s3: emulator.s3, pageSize: 2 },
      ),
    );

    // Assess
    expect(entries.map((e) => e.object.key)).toEqual(expected);
    entries.forEach((entry, i) =>
      expect(entry.location).toEqual({ source: `s3://${bucket}/${prefix}`, line: i + 1 }),
    );
  });

  it('yields the facts a listing gives', async () => {
    // Prepare
    const bucket = await seededBucket();

    // Act
    const [cat] = await collect(
      openManifest(
        { format: 'generate', bucket, filters: { keySuffix: 'cat.png' } },
        { s3: emulator.s3 },
      ),
    );

    // Assess
    expect(cat).toMatchObject({
      kind: 'object',
      object: { bucket, key: 'images/cat.png' },
      facts: {
        size: 500,
        storageClass: 'STANDARD_IA',
        etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) as unknown,
      },
    });
    expect((cat as ObjectEntry).facts?.lastModified).toBeInstanceOf(Date);
  });

  it.each<[ManifestFilters, RegExp]>([
    [{ minSize: 10, maxSize: 5 }, /nothing can match/],
    [{ minSize: -1 }, /whole number/],
    [
      { createdAfter: new Date('2024-02-01'), createdBefore: new Date('2024-01-01') },
      /nothing can match/,
    ],
  ])('refuses filters that cannot match: %j', async (filters, problem) => {
    // Act
    const listing = collect(
      generateManifest({ format: 'generate', bucket: 'any-bucket', filters }, { s3: emulator.s3 }),
    );

    // Assess
    await expect(listing).rejects.toThrow(ConfigError);
    await expect(listing).rejects.toThrow(problem);
  });

  describe.each(['local', 's3'])(
    'writes the generated manifest (%s) as S3InventoryReport_CSV_20211130',
    (where) => {
      it('and the inventory reader reads it back unchanged', async () => {
        // Prepare
        const bucket = await emulator.createBucket('mf-gen-keys');
        await emulator.putObjects(
          bucket,
          Object.fromEntries(AWKWARD_KEYS.map((k, i) => [k, 'x'.repeat(i + 1)])),
        );
        const outBucket = await emulator.createBucket('mf-gen-out');
        const dir = await mkdtemp(join(tmpdir(), 's3bulk-generated-'));
        const output = where === 'local' ? dir : `s3://${outBucket}/generated/job-1`;

        try {
          // Act
          const generated = generateManifest({ format: 'generate', bucket }, { s3: emulator.s3 });
          const written = await writeInventoryManifest(generated, {
            output,
            s3: emulator.s3,
            sourceBucket: bucket,
          });
          const entries = await collect(
            openManifest(
              { format: 'inventory', location: written.manifestLocation },
              { s3: emulator.s3 },
            ),
          );

          // Assess
          expect(written.rows).toBe(AWKWARD_KEYS.length);
          expect((entries as ObjectEntry[]).map((e) => e.object.key).sort()).toEqual(
            [...AWKWARD_KEYS].sort(),
          );
          expect((entries[0] as ObjectEntry).facts?.size).toBeGreaterThan(0);
          const json =
            where === 'local'
              ? await readFile(written.manifestLocation, 'utf8')
              : await emulator.getText(outBucket, 'generated/job-1/manifest.json');
          expect(JSON.parse(json)).toMatchObject({
            sourceBucket: bucket,
            fileFormat: 'CSV',
            fileSchema: 'Bucket, Key, VersionId, Size, LastModifiedDate, ETag, StorageClass',
            files: [{ MD5checksum: written.md5, size: written.bytes }],
          });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    },
  );
});
