import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWKWARD_KEYS, encodeManifestKey } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTaskId } from './entry-id.js';
import { ManifestError } from '../errors.js';
import { readInventoryManifestEntries } from './inventory-reader.js';
import { writeInventoryManifest } from './inventory-writer.js';
import type { ManifestEntry, ObjectEntry } from './types.js';

async function collect(entries: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

const SCHEMAS = {
  S3InventoryReport_CSV_20161130:
    'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass',
  S3InventoryReport_CSV_20211130:
    'Bucket, Key, VersionId, Size, LastModifiedDate, ETag, StorageClass',
} as const;

/** Write an inventory the way S3 lays it out under the destination bucket, relative to `dir`. */
async function writeInventory(dir: string, schema: string, files: string[][][]): Promise<string> {
  const columns = schema.split(', ');
  const entries = [];
  for (const [index, rows] of files.entries()) {
    const key = `inv/src-bucket/config/data/part-${index}.csv.gz`;
    const body = gzipSync(rows.map((row) => row.map((v) => `"${v}"`).join(',')).join('\n') + '\n');
    await mkdir(join(dir, 'data'), { recursive: true });
    await writeFile(join(dir, 'data', `part-${index}.csv.gz`), body);
    entries.push({
      key,
      size: body.length,
      MD5checksum: createHash('md5').update(body).digest('hex'),
    });
  }
  const manifest = {
    sourceBucket: 'src-bucket',
    destinationBucket: 'arn:aws:s3:::inventory-bucket',
    version: '2016-11-30',
    fileFormat: 'CSV',
    fileSchema: columns.join(', '),
    files: entries,
  };
  await mkdir(join(dir, '2024-01-01T00-00Z'), { recursive: true });
  const path = join(dir, '2024-01-01T00-00Z', 'manifest.json');
  await writeFile(path, JSON.stringify(manifest));
  return path;
}

function row(schema: string, values: Record<string, string>): string[] {
  return schema.split(', ').map((c) => values[c] ?? '');
}

describe('manifest: inventory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 's3bulk-inventory-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('manifest.checksum', () => {
    const schema = SCHEMAS.S3InventoryReport_CSV_20211130;
    const rows = [[row(schema, { Bucket: 'src-bucket', Key: 'a.txt', Size: '1' })]];

    it('reads an inventory whose manifest.json matches its manifest.checksum', async () => {
      // Prepare
      const path = await writeInventory(join(root, 'checksum-ok'), schema, rows);
      const md5 = createHash('md5')
        .update(await readFile(path))
        .digest('hex');
      await writeFile(path.replace('manifest.json', 'manifest.checksum'), `${md5}\n`);

      // Act
      const entries = await collect(readInventoryManifestEntries(path));

      // Assess
      expect(entries.map((e) => (e as ObjectEntry).object.key)).toEqual(['a.txt']);
    });

    it.each([
      [
        '0123456789abcdef0123456789abcdef',
        /MD5 of manifest.json is [0-9a-f]{32}, manifest.checksum says 0123/,
      ],
      ['not an md5', /does not hold an MD5/],
    ])('refuses a manifest.checksum of %j', async (checksum, message) => {
      // Prepare
      const path = await writeInventory(join(root, `checksum-${checksum.length}`), schema, rows);
      await writeFile(path.replace('manifest.json', 'manifest.checksum'), checksum);

      // Act
      const reading = collect(readInventoryManifestEntries(path));

      // Assess
      await expect(reading).rejects.toThrow(message);
      await expect(reading).rejects.toMatchObject({ field: 'manifest.checksum' });
    });
  });

  describe.each(Object.entries(SCHEMAS))('%s', (format, schema) => {
    it('follows manifest.json to every data file, decoding keys and reading facts', async () => {
      // Prepare: the layout `aws s3 sync` leaves: <dir>/<timestamp>/manifest.json and <dir>/data/.
      const dir = join(root, format);
      const facts = {
        Size: '42',
        LastModifiedDate: '2024-01-02T03:04:05.000Z',
        ETag: 'abc123',
        StorageClass: 'GLACIER',
      };
      const half = Math.ceil(AWKWARD_KEYS.length / 2);
      const path = await writeInventory(dir, schema, [
        AWKWARD_KEYS.slice(0, half).map((k) =>
          row(schema, { Bucket: 'src-bucket', Key: encodeManifestKey(k), ...facts }),
        ),
        [
          ...AWKWARD_KEYS.slice(half).map((k) =>
            row(schema, { Bucket: 'src-bucket', Key: encodeManifestKey(k), ...facts }),
          ),
          // A delete marker is no object to work on (only the 20161130 schema here has the column).
          ...(schema.includes('IsDeleteMarker')
            ? [
                row(schema, {
                  Bucket: 'src-bucket',
                  Key: 'gone',
                  VersionId: 'v2',
                  IsDeleteMarker: 'true',
                }),
              ]
            : []),
        ],
      ]);

      // Act
      const entries = (await collect(readInventoryManifestEntries(path))) as ObjectEntry[];

      // Assess
      expect(entries.map((e) => e.object.key)).toEqual(AWKWARD_KEYS);
      expect(entries[0]).toMatchObject({
        object: { bucket: 'src-bucket' },
        facts: {
          size: 42,
          lastModified: new Date(facts.LastModifiedDate),
          etag: 'abc123',
          storageClass: 'GLACIER',
        },
        location: { source: join(dir, 'data', 'part-0.csv.gz'), line: 1, file: 0 },
      });
      // Lines restart in each data file; the file index keeps every row's task id distinct.
      const ids = entries.map((e) => entryTaskId(e.location));
      expect(new Set(ids).size).toBe(entries.length);
      expect(ids[half]).toBe('1@1');
    });

    it('reads only the data files asked for (worker shards)', async () => {
      // Prepare
      const dir = join(root, `${format}-shards`);
      const path = await writeInventory(dir, schema, [
        [row(schema, { Bucket: 'src-bucket', Key: 'a' })],
        [row(schema, { Bucket: 'src-bucket', Key: 'b', VersionId: 'v1' })],
      ]);

      // Act
      const entries = (await collect(
        readInventoryManifestEntries(path, { inventoryFiles: [1] }),
      )) as ObjectEntry[];

      // Assess
      expect(entries.map((e) => e.object)).toEqual([
        { bucket: 'src-bucket', key: 'b', versionId: 'v1' },
      ]);
      // The same row has the same id whichever files a shard reads.
      expect(entries.map((e) => entryTaskId(e.location))).toEqual(['1@1']);
    });
  });

  it('refuses a data file whose MD5 does not match before yielding any row', async () => {
    // Prepare
    const dir = join(root, 'md5');
    const schema = SCHEMAS.S3InventoryReport_CSV_20211130;
    const path = await writeInventory(dir, schema, [
      [row(schema, { Bucket: 'src-bucket', Key: 'a' })],
    ]);
    await writeFile(
      join(dir, 'data', 'part-0.csv.gz'),
      gzipSync('"src-bucket","evil","","","","",""\n'),
    );
    const seen: ManifestEntry[] = [];

    // Act
    const read = (async () => {
      for await (const entry of readInventoryManifestEntries(path)) seen.push(entry);
    })();

    // Assess
    await expect(read).rejects.toThrow(ManifestError);
    await expect(read).rejects.toMatchObject({
      field: 'MD5checksum',
      code: 'ManifestChecksumMismatch',
    });
    expect(seen).toEqual([]);
  });

  it('reads back a generated manifest written by the writer (S3InventoryReport_CSV_20211130)', async () => {
    // Prepare
    const dir = join(root, 'written');
    const objects: ObjectEntry[] = AWKWARD_KEYS.map((key, i) => ({
      kind: 'object',
      object: { bucket: 'src-bucket', key },
      facts: {
        size: i,
        lastModified: new Date(Date.UTC(2024, 0, 1 + i)),
        etag: `"etag${i}"`,
        storageClass: 'STANDARD',
      },
      location: { source: 's3://src-bucket/', line: i + 1 },
    }));

    // Act
    const written = await writeInventoryManifest(
      (async function* () {
        yield* objects;
      })(),
      { output: dir, sourceBucket: 'src-bucket' },
    );
    const entries = (await collect(
      readInventoryManifestEntries(written.manifestLocation),
    )) as ObjectEntry[];

    // Assess
    expect(written.rows).toBe(objects.length);
    expect(written.manifestLocation).toBe(join(dir, 'manifest.json'));
    expect(entries.map((e) => [e.object, e.facts])).toEqual(
      objects.map((o) => [o.object, { ...o.facts, etag: o.facts?.etag?.replace(/"/g, '') }]),
    );
  });
});
