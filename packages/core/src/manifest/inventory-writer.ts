import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Upload } from '@aws-sdk/lib-storage';
import { format, type CsvFormatterStream } from 'fast-csv';
import { ConfigError } from '../errors.js';
import { formatS3Url, isS3Url, parseS3Url } from '../s3/url.js';
import { encodeManifestKey } from './key-encoding.js';
import type { InventoryManifest } from './inventory-manifest.js';
import type { ObjectEntry } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** Columns of a manifest s3bulk generates (`S3InventoryReport_CSV_20211130` form). */
export const GENERATED_MANIFEST_SCHEMA =
  'Bucket, Key, VersionId, Size, LastModifiedDate, ETag, StorageClass';

export interface InventoryWriterOptions {
  /** A local folder or `s3://bucket/prefix`; `manifest.json` and `data/<uuid>.csv.gz` go in it. */
  readonly output: string;
  /** Needed for an `s3://` output. */
  readonly s3?: S3Client;
  /** The bucket that was listed, recorded as `sourceBucket`. */
  readonly sourceBucket: string;
}

/** What was written: where the manifest is (pass it to `--manifest`), and the data file's facts. */
export interface InventoryWriterResult {
  readonly manifestLocation: string;
  readonly dataLocation: string;
  readonly rows: number;
  readonly md5: string;
  readonly bytes: number;
  /** `manifest.json`'s ETag (unquoted), when written to S3. */
  readonly manifestETag?: string;
}

type Row = [string, string, string, string, string, string, string];

/**
 * Write a generated manifest as S3 Inventory does (manifest.json + one gzipped CSV data file with
 * its MD5), streaming: rows go through fast-csv and gzip straight to the file or to S3, and
 * manifest.json is written last, so a manifest that exists is complete.
 */
export class InventoryManifestWriter {
  readonly #options: InventoryWriterOptions;
  readonly #csv: CsvFormatterStream<Row, Row>;
  readonly #done: Promise<void>;
  readonly #dataKey: string;
  readonly #dataTarget: string;
  readonly #hash = createHash('md5');
  #upload: Promise<Upload> | undefined;
  #bytes = 0;
  #rows = 0;

  constructor(options: InventoryWriterOptions) {
    this.#options = options;
    const name = `data/${randomUUID()}.csv.gz`;
    this.#csv = format<Row, Row>({ quoteColumns: true, includeEndRowDelimiter: true });
    const tap = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.#hash.update(chunk);
        this.#bytes += chunk.length;
        callback(null, chunk);
      },
    });
    if (isS3Url(options.output)) {
      if (!options.s3) throw new ConfigError('an S3 client is needed to write a manifest to s3://');
      const { bucket, key } = parseS3Url(options.output);
      this.#dataKey = joinKey(key, name);
      this.#dataTarget = formatS3Url(bucket, this.#dataKey);
      const body = new PassThrough();
      const client = options.s3;
      const params = { Bucket: bucket, Key: this.#dataKey, Body: body };
      const upload = (this.#upload = loadSdk('lib-storage').then(
        ({ Upload }) => new Upload({ client, params }),
      ));
      this.#done = Promise.all([
        pipeline(this.#csv, createGzip(), tap, body),
        upload.then((started) => started.done()),
      ]).then(() => undefined);
    } else {
      this.#dataKey = name;
      this.#dataTarget = join(options.output, name);
      const partial = `${this.#dataTarget}.partial`;
      this.#done = mkdir(join(options.output, 'data'), { recursive: true, mode: 0o700 })
        .then(() =>
          pipeline(
            this.#csv,
            createGzip(),
            tap,
            createWriteStream(partial, { mode: 0o600 }) as Writable,
          ),
        )
        .then(() => rename(partial, this.#dataTarget));
    }
    // Errors surface from write() and close(); keep Node from reporting them as unhandled first.
    this.#done.catch(() => undefined);
  }

  /** Add one object; waits when the file or upload is slower than the listing. */
  async write(entry: ObjectEntry): Promise<void> {
    const { object, facts } = entry;
    const row: Row = [
      object.bucket,
      encodeManifestKey(object.key),
      object.versionId ?? '',
      facts?.size === undefined ? '' : String(facts.size),
      facts?.lastModified?.toISOString() ?? '',
      facts?.etag?.replace(/^"|"$/g, '') ?? '',
      facts?.storageClass ?? '',
    ];
    this.#rows += 1;
    if (!this.#csv.write(row)) await Promise.race([once(this.#csv, 'drain'), this.#done]);
  }

  /** Finish the data file, then write manifest.json. */
  async close(): Promise<InventoryWriterResult> {
    this.#csv.end();
    await this.#done;
    const md5 = this.#hash.digest('hex');
    const { output, sourceBucket } = this.#options;
    const destination = isS3Url(output) ? parseS3Url(output).bucket : sourceBucket;
    const manifest: InventoryManifest = {
      sourceBucket,
      destinationBucket: `arn:aws:s3:::${destination}`,
      version: '2016-11-30',
      creationTimestamp: String(Date.now()),
      fileFormat: 'CSV',
      fileSchema: GENERATED_MANIFEST_SCHEMA,
      files: [{ key: this.#dataKey, size: this.#bytes, MD5checksum: md5 }],
    };
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    let manifestLocation: string;
    let manifestETag: string | undefined;
    if (isS3Url(output)) {
      const { bucket, key } = parseS3Url(output);
      const manifestKey = joinKey(key, 'manifest.json');
      const { PutObjectCommand } = await loadSdk('s3');
      const put = await this.#options.s3!.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: manifestKey,
          Body: json,
          ContentType: 'application/json',
        }),
      );
      manifestLocation = formatS3Url(bucket, manifestKey);
      manifestETag = put.ETag?.replace(/"/g, '');
    } else {
      manifestLocation = join(output, 'manifest.json');
      await writeFile(`${manifestLocation}.partial`, json, { mode: 0o600 });
      await rename(`${manifestLocation}.partial`, manifestLocation);
    }
    return {
      manifestLocation,
      dataLocation: this.#dataTarget,
      rows: this.#rows,
      md5,
      bytes: this.#bytes,
      ...(manifestETag ? { manifestETag } : {}),
    };
  }

  /** Give up: stop the stream and remove a local partial file. */
  async abort(): Promise<void> {
    this.#csv.destroy();
    await this.#upload?.then((upload) => upload.abort()).catch(() => undefined);
    await this.#done.catch(() => undefined);
    if (!isS3Url(this.#options.output)) await rm(`${this.#dataTarget}.partial`, { force: true });
  }
}

/** Write every entry of `entries` as a generated manifest. */
export async function writeInventoryManifest(
  entries: AsyncIterable<ObjectEntry>,
  options: InventoryWriterOptions,
): Promise<InventoryWriterResult> {
  const writer = new InventoryManifestWriter(options);
  try {
    for await (const entry of entries) await writer.write(entry);
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return writer.close();
}

function joinKey(prefix: string, name: string): string {
  if (prefix === '') return name;
  return prefix.endsWith('/') ? `${prefix}${name}` : `${prefix}/${name}`;
}
