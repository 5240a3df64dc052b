import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AWKWARD_KEYS } from '@s3bulk/testing';
import { writeToString } from 'fast-csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPairsManifest } from './pairs-reader.js';
import type { ManifestEntry } from './types.js';

async function collect(entries: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

describe('manifest: pairs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3bulk-pairs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe.each([
    ['plain', false],
    ['gzipped', true],
  ])('%s file', (_name, gzip) => {
    it.each([false, true])('reads awkward keys unchanged (header: %s)', async (header) => {
      // Prepare: fast-csv quotes the keys that hold commas and quotes.
      const rows = AWKWARD_KEYS.map((key) => [`s3://src-bucket/${key}`, `s3://dst-bucket/${key}`]);
      const text = await writeToString(header ? [['source', 'destination'], ...rows] : rows, {
        rowDelimiter: '\r\n',
      });
      const path = join(dir, `awkward-${String(header)}.csv${gzip ? '.gz' : ''}`);
      await writeFile(path, gzip ? gzipSync(`\uFEFF${text}`) : `\uFEFF${text}`);

      // Act
      const entries = await collect(readPairsManifest(path, { header }));

      // Assess
      expect(entries).toHaveLength(AWKWARD_KEYS.length);
      entries.forEach((entry, i) => {
        expect(entry).toMatchObject({
          kind: 'object',
          object: { bucket: 'src-bucket', key: AWKWARD_KEYS[i] },
          destination: { bucket: 'dst-bucket', key: AWKWARD_KEYS[i] },
          location: { source: path, line: i + 1 + (header ? 1 : 0) },
        });
      });
    });
  });

  it('reads prefix rows (the seed example) and a bare bucket as the whole bucket', async () => {
    // Prepare
    const path = join(dir, 'seed.csv');
    await writeFile(
      path,
      [
        'source,destination',
        's3://some-bucket/source/,s3://some-bucket/dest/',
        's3://some-bucket/sourcetwo/,s3://some-bucket/desttwo/',
        's3://some-bucket/sourceindiv/individualFile.txt,s3://some-bucket/dest/individualFile.txt',
        's3://whole-bucket,s3://other-bucket/backup/',
      ].join('\n'),
    );

    // Act
    const entries = await collect(readPairsManifest(path, { header: true }));

    // Assess
    expect(entries.map((e) => e.kind)).toEqual(['prefix', 'prefix', 'object', 'prefix']);
    expect(entries[0]).toMatchObject({
      source: { bucket: 'some-bucket', prefix: 'source/' },
      destination: { bucket: 'some-bucket', prefix: 'dest/' },
      location: { line: 2 },
    });
    expect(entries[3]).toMatchObject({
      source: { bucket: 'whole-bucket', prefix: '' },
      destination: { bucket: 'other-bucket', prefix: 'backup/' },
    });
  });

  it('reports bad rows to onInvalid and reads on', async () => {
    // Prepare
    const path = join(dir, 'bad.csv');
    await writeFile(
      path,
      's3://a-bucket/x,s3://b-bucket/x\nnope\ns3://a-bucket/y,s3://b-bucket/y\n',
    );
    const problems: string[] = [];

    // Act
    const entries = await collect(
      readPairsManifest(path, { onInvalid: (e) => problems.push(e.describe()) }),
    );

    // Assess
    expect(entries).toHaveLength(2);
    expect(problems).toEqual([
      `${path}:2: destination: missing column: expected source,destination`,
    ]);
  });
});
