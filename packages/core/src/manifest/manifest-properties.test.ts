import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { writeToString } from 'fast-csv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvManifest } from './csv-reader.js';
import { writeInventoryManifest } from './inventory-writer.js';
import { encodeManifestKey, keyProblem } from './key-encoding.js';
import { openManifest, validateManifest } from './open-manifest.js';
import { readPairsManifest } from './pairs-reader.js';
import type { ManifestEntry, ManifestSpec, ObjectEntry } from './types.js';

async function collect(entries: AsyncIterable<ManifestEntry>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of entries) out.push(entry);
  return out;
}

/** Keys S3 accepts: 1..1,024 UTF-8 bytes, any code point but NUL. */
const s3Key = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 300 })
  .filter((key) => keyProblem(key) === undefined);

let file = 0;

describe('manifest: properties', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 's3bulk-props-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const path = (name: string) => join(dir, `${(file += 1)}-${name}`);

  it('csv: any key survives encoding, fast-csv writing and reading unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(s3Key, { minLength: 1, maxLength: 20 }), async (keys) => {
        const location = path('keys.csv');
        await writeFile(
          location,
          await writeToString(keys.map((k) => ['my-bucket', encodeManifestKey(k)])),
        );
        const entries = (await collect(readCsvManifest(location))) as ObjectEntry[];
        expect(entries.map((e) => e.object.key)).toEqual(keys);
      }),
      { numRuns: 60 },
    );
  });

  it('pairs: any key without a line break survives fast-csv quoting and reading unchanged', async () => {
    const pairsKey = s3Key.filter((k) => !/[\r\n]/.test(k) && !k.endsWith('/'));
    await fc.assert(
      fc.asyncProperty(fc.array(pairsKey, { minLength: 1, maxLength: 20 }), async (keys) => {
        const location = path('pairs.csv');
        const rows = keys.map((k) => [`s3://src-bucket/${k}`, `s3://dst-bucket/${k}`]);
        await writeFile(location, await writeToString(rows));
        const entries = (await collect(readPairsManifest(location))) as ObjectEntry[];
        expect(entries.map((e) => [e.object.key, e.destination?.key])).toEqual(
          keys.map((k) => [k, k]),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('byte ranges that tile a file yield every row exactly once, in order', async () => {
    const rows = fc.array(fc.tuple(s3Key, fc.constantFrom('\n', '\r\n', '\n\n')), {
      minLength: 1,
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(
        rows,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        async (lines, cuts, bom) => {
          // Prepare
          const text =
            (bom ? '\uFEFF' : '') +
            lines.map(([k, eol]) => `my-bucket,${encodeManifestKey(k)}${eol}`).join('');
          const location = path('tiles.csv');
          await writeFile(location, text);
          const size = (await stat(location)).size;
          const points = [...new Set(cuts.map((c) => c % (size + 1)))].sort((a, b) => a - b);
          const bounds = [0, ...points.filter((p) => p > 0), size];

          // Act
          const keys: string[] = [];
          for (let i = 0; i + 1 < bounds.length; i++) {
            const range = { start: bounds[i]!, end: bounds[i + 1]! };
            for (const e of (await collect(readCsvManifest(location, { range }))) as ObjectEntry[])
              keys.push(e.object.key);
          }

          // Assess
          expect(keys).toEqual(lines.map(([k]) => k));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('every single cut point splits a file into two ranges that hold every row once', async () => {
    // Prepare: short lines, CRLF, a blank line and a BOM, so cuts land on every kind of byte.
    const keys = ['a', 'b c', 'd+e', '\u00e9t\u00e9', 'f'];
    const text = `\uFEFF${keys.map((k, i) => `my-bucket,${encodeManifestKey(k)}${i % 2 ? '\r\n' : '\n'}`).join('')}\n`;
    const location = path('cuts.csv');
    await writeFile(location, text);
    const size = (await stat(location)).size;

    for (let cut = 0; cut <= size; cut++) {
      // Act
      const head = (await collect(
        readCsvManifest(location, { range: { start: 0, end: cut } }),
      )) as ObjectEntry[];
      const tail = (await collect(
        readCsvManifest(location, { range: { start: cut } }),
      )) as ObjectEntry[];

      // Assess
      expect(
        [...head, ...tail].map((e) => e.object.key),
        `cut at ${cut}`,
      ).toEqual(keys);
    }
  });

  it('inventory: any key survives the generated-manifest writer and the inventory reader unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(s3Key, { minLength: 1, maxLength: 20 }), async (keys) => {
        const output = path('generated');
        const entries = keys.map((key, i): ObjectEntry => ({
          kind: 'object',
          object: { bucket: 'src-bucket', key },
          location: { source: 's3://src-bucket/', line: i + 1 },
        }));
        const written = await writeInventoryManifest(
          (async function* () {
            yield* entries;
          })(),
          { output, sourceBucket: 'src-bucket' },
        );
        const read = (await collect(
          openManifest({ format: 'inventory', location: written.manifestLocation }),
        )) as ObjectEntry[];
        expect(read.map((e) => e.object.key)).toEqual(keys);
      }),
      { numRuns: 25 },
    );
  });

  it('inventory: random bytes in a data file end in entries or ManifestErrors, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (bytes, gzip) => {
        const folder = path('inventory');
        await mkdir(join(folder, 'data'), { recursive: true });
        await writeFile(join(folder, 'data', 'x.csv.gz'), gzip ? gzipSync(bytes) : bytes);
        const manifest = {
          destinationBucket: 'arn:aws:s3:::inv-bucket',
          fileFormat: 'CSV',
          fileSchema: 'Bucket, Key, VersionId, IsDeleteMarker, Size, LastModifiedDate',
          files: [{ key: 'data/x.csv.gz' }],
        };
        const location = join(folder, 'manifest.json');
        await writeFile(location, JSON.stringify(manifest));
        const result = await validateManifest({ format: 'inventory', location });
        // Resolving at all is the property: any other error than ManifestError would reject.
        expect(result.valid).toBe(result.errorCount === 0);
      }),
      { numRuns: 60 },
    );
  });

  describe.each<[string, Omit<ManifestSpec, 'location'>, boolean]>([
    ['pairs', { format: 'pairs' }, false],
    ['pairs with header', { format: 'pairs', header: true }, false],
    ['csv', { format: 'csv' }, false],
    ['csv with VersionId', { format: 'csv', fields: ['Bucket', 'Key', 'VersionId'] }, false],
    ['csv gzipped', { format: 'csv' }, true],
    ['inventory manifest.json', { format: 'inventory' }, false],
  ])('%s', (name, spec, gzip) => {
    it('random bytes end in entries or ManifestErrors, never a crash', async () => {
      const text = fc.oneof(
        fc.uint8Array({ maxLength: 2000 }),
        fc
          .array(
            fc.oneof(
              fc.constantFrom(
                's3://',
                'my-bucket',
                ',',
                '"',
                '\n',
                '\r\n',
                '%',
                '%2',
                '/',
                '{',
                '}',
              ),
              fc.string(),
            ),
            {
              maxLength: 60,
            },
          )
          .map((parts) => Buffer.from(parts.join(''))),
      );
      await fc.assert(
        fc.asyncProperty(text, async (bytes) => {
          const location = path(
            `${name.replace(/\W/g, '-')}${spec.format === 'inventory' ? '.json' : gzip ? '.csv.gz' : '.csv'}`,
          );
          await writeFile(location, gzip ? gzipSync(bytes) : bytes);
          const result = await validateManifest({ ...spec, location } as ManifestSpec);
          expect(result.rows).toBeGreaterThanOrEqual(result.errorCount > 0 ? 0 : 1);
          // The throwing mode fails with ManifestError only, too.
          await collect(openManifest({ ...spec, location } as ManifestSpec)).catch(
            (error: Error) => {
              expect(error.name).toBe('ManifestError');
            },
          );
        }),
        { numRuns: 80 },
      );
    });
  });
});
