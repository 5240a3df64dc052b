import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWKWARD_KEYS, encodeManifestKey } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { readCsvManifest, validateCsvFields } from './csv-reader.js';
import type { CsvField, ManifestEntry } from './types.js';

async function collect(entries: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

describe('manifest: csv (S3BatchOperations_CSV_20180820)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3bulk-csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe.each([
    ['plain', false],
    ['gzipped', true],
  ])('%s file', (_name, gzip) => {
    it('decodes awkward keys exactly', async () => {
      // Prepare
      const text = AWKWARD_KEYS.map((key) => `my-bucket,${encodeManifestKey(key)}`).join('\r\n');
      const path = join(dir, `awkward.csv${gzip ? '.gz' : ''}`);
      await writeFile(path, gzip ? gzipSync(text) : text);

      // Act
      const entries = await collect(readCsvManifest(path));

      // Assess
      expect(entries.map((e) => (e.kind === 'object' ? e.object.key : ''))).toEqual(AWKWARD_KEYS);
    });
  });

  it.each<[string, readonly CsvField[] | undefined, string, object]>([
    ['Bucket,Key (default)', undefined, 'my-bucket,a+b%2Bc', { bucket: 'my-bucket', key: 'a b+c' }],
    [
      'Bucket,Key,VersionId (default, third column)',
      undefined,
      'my-bucket,k,v1',
      { bucket: 'my-bucket', key: 'k', versionId: 'v1' },
    ],
    [
      'Ignore,Key,Bucket',
      ['Ignore', 'Key', 'Bucket'],
      'junk,k%20x,my-bucket',
      { bucket: 'my-bucket', key: 'k x' },
    ],
    [
      'VersionId,Bucket,Key',
      ['VersionId', 'Bucket', 'Key'],
      'v9,my-bucket,k',
      { bucket: 'my-bucket', key: 'k', versionId: 'v9' },
    ],
  ])('reads fields %s', async (_name, fields, row, object) => {
    // Prepare
    const path = join(dir, 'fields.csv');
    await writeFile(path, `${row}\n`);

    // Act
    const entries = await collect(readCsvManifest(path, fields ? { fields } : {}));

    // Assess
    expect(entries).toEqual([
      { kind: 'object', object, location: { source: path, line: 1, offset: 0 } },
    ]);
  });

  it('skips a header row when asked', async () => {
    // Prepare
    const path = join(dir, 'header.csv');
    await writeFile(path, 'Bucket,Key\nmy-bucket,k\n');

    // Act
    const entries = await collect(readCsvManifest(path, { header: true }));

    // Assess
    expect(entries).toHaveLength(1);
    expect(entries[0]?.location.line).toBe(2);
  });

  it('says a first row that names the columns looks like a header', async () => {
    // Prepare
    const path = join(dir, 'unasked-header.csv');
    await writeFile(path, 'Bucket,Key\nmy-bucket,k\n');

    // Act
    const read = collect(readCsvManifest(path));

    // Assess
    await expect(read).rejects.toThrow(/the first row looks like a header \(--header/);
  });

  it('refuses rows without a VersionId once a row had one', async () => {
    // Prepare
    const path = join(dir, 'mixed.csv');
    await writeFile(path, 'my-bucket,a,v1\nmy-bucket,b,\n');
    const problems: string[] = [];

    // Act
    const entries = await collect(
      readCsvManifest(path, { onInvalid: (e) => problems.push(e.describe()) }),
    );

    // Assess
    expect(entries).toHaveLength(1);
    expect(problems).toEqual([
      `${path}:2: VersionId: row has no VersionId but line 1 has one; every row must have one, or none`,
    ]);
  });

  it.each([
    [['Bucket'], /must name Bucket and Key/],
    [['Bucket', 'Key', 'Key'], /must name Bucket and Key/],
    [['Bucket', 'Key', 'Size'], /unknown csv manifest field "Size"/],
  ])('refuses fields %j', (fields, problem) => {
    expect(() => validateCsvFields(fields)).toThrow(ConfigError);
    expect(() => validateCsvFields(fields)).toThrow(problem);
  });
});
