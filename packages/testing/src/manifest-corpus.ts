import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What a reader must report for a bad manifest: where, which field, and what. */
export interface ExpectedManifestProblem {
  /** 1-based line, or undefined for a problem with the whole file. */
  readonly line?: number;
  readonly field?: string;
  /** Matches the message. */
  readonly problem: RegExp;
  /** The file the error names, relative to the case's folder, when it is not the manifest. */
  readonly file?: string;
}

/** One broken manifest: its files, how to read it, and the first problem a reader must report. */
export interface BadManifestCase {
  readonly name: string;
  readonly format: 'pairs' | 'csv' | 'inventory';
  readonly header?: boolean;
  readonly fields?: readonly ('Ignore' | 'Bucket' | 'Key' | 'VersionId')[];
  /** The manifest's path relative to the case's folder. */
  readonly manifest: string;
  /** Every file of the case, by relative path. */
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly expected: ExpectedManifestProblem;
}

export interface CorpusOptions {
  /** The bucket inventory manifests name as `destinationBucket`. @default 'inventory-bucket' */
  readonly bucket?: string;
  /** Key prefix the case's files will live under in that bucket (no trailing slash). @default '' */
  readonly prefix?: string;
}

const pair = (key: string) => `s3://src-bucket/${key},s3://dst-bucket/${key}`;

/** An inventory case: a manifest.json plus gzipped data files, MD5s filled in unless overridden. */
function inventory(
  name: string,
  rows: string,
  expected: ExpectedManifestProblem,
  options: CorpusOptions,
  tweak: { md5?: string; json?: string; manifestChecksum?: string } = {},
): BadManifestCase {
  const data = gzipSync(Buffer.from(rows));
  const dataKey = `${options.prefix ? `${options.prefix}/` : ''}data/part-0.csv.gz`;
  const manifest = {
    sourceBucket: 'src-bucket',
    destinationBucket: `arn:aws:s3:::${options.bucket ?? 'inventory-bucket'}`,
    version: '2016-11-30',
    fileFormat: 'CSV',
    fileSchema: 'Bucket, Key, Size, LastModifiedDate, ETag, StorageClass',
    files: [
      {
        key: dataKey,
        size: data.length,
        MD5checksum: tweak.md5 ?? createHash('md5').update(data).digest('hex'),
      },
    ],
  };
  return {
    name,
    format: 'inventory',
    manifest: 'manifest.json',
    files: {
      'manifest.json': tweak.json ?? JSON.stringify(manifest),
      'data/part-0.csv.gz': data,
      ...(tweak.manifestChecksum ? { 'manifest.checksum': tweak.manifestChecksum } : {}),
    },
    expected,
  };
}

const invRow = (bucket: string, key: string) =>
  `"${bucket}","${key}","3","2024-01-02T03:04:05.000Z","abc","STANDARD"`;

/**
 * Bad manifests, each with the first problem a reader must report (issue 7, "Hostile and
 * broken input"). Write one with `writeManifestCase`; for S3, upload its files under `prefix`.
 */
export function badManifestCorpus(options: CorpusOptions = {}): BadManifestCase[] {
  const png = Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe,
  ]);
  return [
    {
      name: 'empty file',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': '' },
      expected: { problem: /empty/ },
    },
    {
      name: 'header only',
      format: 'pairs',
      header: true,
      manifest: 'm.csv',
      files: { 'm.csv': 'source,destination\n' },
      expected: { problem: /header row but no data rows/ },
    },
    {
      name: 'missing column (pairs)',
      format: 'pairs',
      manifest: 'm.csv',
      files: { 'm.csv': `${pair('a.txt')}\ns3://src-bucket/b.txt\n` },
      expected: { line: 2, field: 'destination', problem: /missing column/ },
    },
    {
      name: 'missing column (csv with VersionId)',
      format: 'csv',
      fields: ['Bucket', 'Key', 'VersionId'],
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a.txt,v1\nmy-bucket\n' },
      expected: { line: 2, field: 'Key', problem: /missing column/ },
    },
    {
      name: 'extra columns',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a.txt\nmy-bucket,b.txt,v1,extra\n' },
      expected: { line: 2, field: 'column 3', problem: /extra columns/ },
    },
    {
      name: 'bad URL',
      format: 'pairs',
      manifest: 'm.csv',
      files: { 'm.csv': `${pair('a.txt')}\nhttps://example.com/a,s3://dst-bucket/a\n` },
      expected: { line: 2, field: 'source', problem: /not an s3:\/\/ URL/ },
    },
    {
      name: 'prefix copied onto an object',
      format: 'pairs',
      manifest: 'm.csv',
      files: { 'm.csv': 's3://src-bucket/dir/,s3://dst-bucket/file.txt\n' },
      expected: { line: 1, field: 'destination', problem: /prefix/ },
    },
    {
      name: 'bucket name S3 would refuse',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a.txt\nMy_Bucket,b.txt\n' },
      expected: { line: 2, field: 'Bucket', problem: /not a valid bucket name/ },
    },
    {
      name: 'key over 1,024 bytes',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': `my-bucket,a.txt\nmy-bucket,${'%C3%A9'.repeat(513)}\n` },
      expected: { line: 2, field: 'Key', problem: /1026 bytes.*at most 1024/ },
    },
    {
      name: 'broken percent-encoding',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a%2Bb.txt\nmy-bucket,100%.txt\n' },
      expected: { line: 2, field: 'Key', problem: /bad percent-encoding/ },
    },
    {
      name: 'percent-encoding that is not UTF-8',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,%FF%FE.txt\n' },
      expected: { line: 1, field: 'Key', problem: /not valid UTF-8/ },
    },
    {
      name: 'mixed VersionId presence',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a.txt,v1\nmy-bucket,b.txt,v2\nmy-bucket,c.txt\n' },
      expected: { line: 3, field: 'VersionId', problem: /line 1 has one/ },
    },
    {
      name: 'NUL bytes',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': 'my-bucket,a.txt\nmy-bucket,b\u0000.txt\n' },
      expected: { line: 2, field: 'line', problem: /NUL byte/ },
    },
    {
      name: 'very long line',
      format: 'pairs',
      manifest: 'm.csv',
      files: { 'm.csv': `${pair('a.txt')}\n${pair('x'.repeat(70_000))}\n${pair('c.txt')}\n` },
      expected: { line: 2, field: 'line', problem: /longer than 65536 bytes/ },
    },
    {
      name: 'binary garbage',
      format: 'csv',
      manifest: 'm.csv',
      files: { 'm.csv': png },
      expected: { line: 1, field: 'line', problem: /not valid UTF-8|NUL byte/ },
    },
    {
      name: 'unterminated quote',
      format: 'pairs',
      manifest: 'm.csv',
      files: { 'm.csv': `"s3://src-bucket/a.txt,s3://dst-bucket/a.txt\n` },
      expected: { line: 1, field: 'column 1', problem: /no closing quote/ },
    },
    {
      name: 'a .gz that is not gzip',
      format: 'csv',
      manifest: 'm.csv.gz',
      files: { 'm.csv.gz': 'my-bucket,a.txt\n' },
      expected: { problem: /not gzip/ },
    },
    {
      name: 'a truncated gzip',
      format: 'csv',
      manifest: 'm.csv.gz',
      files: { 'm.csv.gz': gzipSync(Buffer.from('my-bucket,a.txt\n'.repeat(50))).subarray(0, 20) },
      expected: { problem: /not a valid gzip stream/ },
    },
    inventory(
      'inventory data file whose MD5 does not match',
      `${invRow('src-bucket', 'a.txt')}\n`,
      {
        field: 'MD5checksum',
        problem: /MD5/,
        file: 'data/part-0.csv.gz',
      },
      options,
      { md5: '0123456789abcdef0123456789abcdef' },
    ),
    inventory(
      'inventory manifest.json whose manifest.checksum does not match',
      `${invRow('src-bucket', 'a.txt')}\n`,
      { field: 'manifest.checksum', problem: /MD5 of manifest.json is [0-9a-f]{32}/ },
      options,
      { manifestChecksum: 'fedcba9876543210fedcba9876543210\n' },
    ),
    inventory(
      'inventory manifest.json that is not JSON',
      '',
      { field: undefined, problem: /not valid JSON/ },
      options,
      {
        json: '{"files": [',
      },
    ),
    inventory(
      'inventory row with a bad key encoding',
      `${invRow('src-bucket', 'a.txt')}\n${invRow('src-bucket', 'b%G1')}\n`,
      {
        line: 2,
        field: 'Key',
        problem: /bad percent-encoding/,
        file: 'data/part-0.csv.gz',
      },
      options,
    ),
    inventory(
      'inventory row with a missing column',
      `${invRow('src-bucket', 'a.txt')}\n"src-bucket","b.txt"\n`,
      {
        line: 2,
        field: 'Size',
        problem: /missing column/,
        file: 'data/part-0.csv.gz',
      },
      options,
    ),
  ];
}

/** Write a case's files under `dir`; returns the manifest's path. */
export async function writeManifestCase(dir: string, testCase: BadManifestCase): Promise<string> {
  for (const [path, content] of Object.entries(testCase.files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return join(dir, testCase.manifest);
}
