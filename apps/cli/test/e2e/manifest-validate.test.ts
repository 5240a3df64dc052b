import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  AWKWARD_KEYS,
  badManifestCorpus,
  encodeManifestKey,
  useEmulator,
  writeManifestCase,
} from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

const emulator = useEmulator();

interface Manifest {
  readonly files: Record<string, string | Uint8Array>;
  readonly manifest: string;
  readonly args: readonly string[];
  readonly expected: { format: string; objects: number; prefixes: number; buckets: number };
}

/** One valid manifest of each format, with awkward keys; `bucket` is where inventory data lives. */
async function validManifests(bucket: string, prefix: string): Promise<Record<string, Manifest>> {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const pairs = [
    'source,destination',
    ...AWKWARD_KEYS.map((k) => `${quote(`s3://src-bucket/${k}`)},${quote(`s3://dst-bucket/${k}`)}`),
    's3://src-bucket/logs/,s3://other-bucket/logs/',
  ].join('\r\n');
  const csv = AWKWARD_KEYS.map((k, i) => `my-bucket,${encodeManifestKey(k)},v${i}`).join('\n');
  const data = gzipSync(
    AWKWARD_KEYS.map((k) => `"src-bucket","${encodeManifestKey(k)}","1"`).join('\n'),
  );
  const inventory = JSON.stringify({
    sourceBucket: 'src-bucket',
    destinationBucket: `arn:aws:s3:::${bucket}`,
    version: '2016-11-30',
    fileFormat: 'CSV',
    fileSchema: 'Bucket, Key, Size',
    files: [
      {
        key: `${prefix}/data/0.csv.gz`,
        size: data.length,
        MD5checksum: createHash('md5').update(data).digest('hex'),
      },
    ],
  });
  const n = AWKWARD_KEYS.length;
  return {
    pairs: {
      files: { 'pairs.csv': pairs },
      manifest: 'pairs.csv',
      args: ['--header'],
      expected: { format: 'pairs', objects: n, prefixes: 1, buckets: 3 },
    },
    csv: {
      files: { 'job.csv.gz': gzipSync(csv) },
      manifest: 'job.csv.gz',
      args: ['--format', 'csv', '--fields', 'Bucket,Key,VersionId'],
      expected: { format: 'csv', objects: n, prefixes: 0, buckets: 1 },
    },
    inventory: {
      files: { 'manifest.json': inventory, 'data/0.csv.gz': data },
      manifest: 'manifest.json',
      args: [],
      expected: { format: 'inventory', objects: n, prefixes: 0, buckets: 1 },
    },
  };
}

describe('cli: s3bulk manifest validate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('s3bulk-e2e-validate-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe.each(['local', 's3'])('%s manifests', (where) => {
    it.each(['pairs', 'csv', 'inventory'])('%s: prints counts and exits 0', async (format) => {
      requireBuiltCli();
      // Prepare
      const bucket = await emulator.createBucket(`e2e-validate-${format}`);
      const prefix = `manifests/${format}`;
      const manifest = (await validManifests(bucket, prefix))[format]!;
      let location: string;
      if (where === 's3') {
        await emulator.putObjects(
          bucket,
          Object.fromEntries(Object.entries(manifest.files).map(([p, v]) => [`${prefix}/${p}`, v])),
        );
        location = `s3://${bucket}/${prefix}/${manifest.manifest}`;
      } else {
        const folder = join(dir, `${where}-${format}`);
        for (const [path, content] of Object.entries(manifest.files)) {
          await mkdir(join(folder, path, '..'), { recursive: true });
          await writeFile(join(folder, path), content);
        }
        location = join(folder, manifest.manifest);
      }

      // Act
      const text = await runCli(
        ['manifest', 'validate', location, ...manifest.args],
        emulator.processEnv(),
      );
      const json = await runCli(
        ['manifest', 'validate', location, ...manifest.args, '--json'],
        emulator.processEnv(),
      );

      // Assess
      expect(text.stderr).not.toMatch(/Error/);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain(`objects   ${manifest.expected.objects}`);
      expect(text.stdout).toContain('Valid.');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toMatchObject({
        manifest: location,
        valid: true,
        errorCount: 0,
        errors: [],
        rows: manifest.expected.objects + manifest.expected.prefixes,
        ...manifest.expected,
      });
    });
  });

  it('guesses the format and says so', async () => {
    requireBuiltCli();
    // Prepare
    const path = join(dir, 'guess.csv');
    await writeFile(path, 's3://a-bucket/x,s3://b-bucket/x\n');

    // Act
    const result = await runCli(['manifest', 'validate', path], emulator.processEnv());

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `Reading ${path} as pairs: the first row holds s3:// URLs (--format to override).`,
    );
  });

  describe.each(['local', 's3'])('a bad manifest (%s)', (where) => {
    it.each([
      'mixed VersionId presence',
      'bad URL',
      'inventory data file whose MD5 does not match',
      'a .gz that is not gzip',
    ])('%s: exits 2 naming file:line and the problem', async (name) => {
      requireBuiltCli();
      // Prepare
      const bucket = await emulator.createBucket('e2e-validate-bad');
      const prefix = 'bad';
      const testCase = badManifestCorpus({ bucket, prefix }).find((c) => c.name === name)!;
      let location: string;
      let source: string;
      if (where === 's3') {
        await emulator.putObjects(
          bucket,
          Object.fromEntries(Object.entries(testCase.files).map(([p, v]) => [`${prefix}/${p}`, v])),
        );
        location = `s3://${bucket}/${prefix}/${testCase.manifest}`;
        source = `s3://${bucket}/${prefix}/${testCase.expected.file ?? testCase.manifest}`;
      } else {
        const folder = join(dir, `bad-${name.replace(/\W+/g, '-')}`);
        location = await writeManifestCase(folder, testCase);
        source = join(folder, testCase.expected.file ?? testCase.manifest);
      }
      const args = [
        'manifest',
        'validate',
        location,
        '--format',
        testCase.format,
        ...(testCase.header ? ['--header'] : []),
      ];

      // Act
      const text = await runCli(args, emulator.processEnv());
      // One case also checks --json (each CLI start costs seconds on a shared machine).
      const json =
        name === 'mixed VersionId presence'
          ? await runCli([...args, '--json'], emulator.processEnv())
          : undefined;

      // Assess
      const where_ = testCase.expected.line
        ? `${source}:${testCase.expected.line}: `
        : `${source}: `;
      expect(text.code).toBe(2);
      expect(text.stdout).toContain(where_);
      expect(text.stdout).toMatch(testCase.expected.problem);
      if (!json) return;
      expect(json.code).toBe(2);
      const result = JSON.parse(json.stdout) as {
        valid: boolean;
        errors: { source: string; line?: number; message: string }[];
      };
      expect(result.valid).toBe(false);
      expect(result.errors[0]).toMatchObject({
        source,
        ...(testCase.expected.line ? { line: testCase.expected.line } : {}),
      });
      expect(result.errors[0]?.message).toMatch(testCase.expected.problem);
    });
  });

  it('a manifest that does not exist exits 2 and says so', async () => {
    requireBuiltCli();
    // Act
    const result = await runCli(
      ['manifest', 'validate', join(dir, 'missing.csv')],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(`${join(dir, 'missing.csv')}: manifest not found`);
  });

  it('--fields on a pairs manifest is a usage error naming the flag', async () => {
    requireBuiltCli();
    // Prepare
    const path = join(dir, 'fields.csv');
    await writeFile(path, 's3://a-bucket/x,s3://b-bucket/x\n');

    // Act
    const result = await runCli(
      ['manifest', 'validate', path, '--fields', 'Bucket,Key'],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fields applies to csv manifests only');
  });
});
