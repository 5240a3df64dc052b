import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { ManifestError, S3BulkError } from '../errors.js';
import { isS3Url, parseS3Url } from '../s3/url.js';
import { GZIP_MAGIC, MAX_LINE_BYTES } from './constants.js';
import type { ByteRange } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

export interface ManifestSourceOptions {
  /** Needed for `s3://` locations. */
  readonly s3?: S3Client | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Bytes of the file to read; rows are aligned to it by `readLines`. */
  readonly range?: ByteRange | undefined;
  /** How far past `range.end` a started row may run. @default MAX_LINE_BYTES */
  readonly maxLineBytes?: number | undefined;
  /**
   * A local file holding the s3:// manifest's bytes at their own offsets (a shard's spooled
   * range, see `spoolManifestRange`): reads are served from it instead of S3.
   */
  readonly localCopy?: string | undefined;
}

/** The first piece read past a range's end to finish its last row; each next one is 4x larger. */
const TAIL_PIECE_BYTES = 4096;

/** The bytes of a manifest file, gunzipped when it is gzip, and where they start in the file. */
export interface ManifestBytes {
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Offset in the file of the first byte of `chunks`. */
  readonly firstByteOffset: number;
  /** The first bytes finish a row that started before the range: the reader drops them. */
  readonly skipFirstLine: boolean;
  readonly gzip: boolean;
}

/**
 * Open a local path or `s3://bucket/key` as a stream of bytes. With a range the read starts one
 * byte early (so the reader can tell whether `start` begins a row) and runs up to one line past
 * `end` (to finish the last row that started inside). A gzip file cannot be read by range.
 */
export async function openManifestBytes(
  location: string,
  options: ManifestSourceOptions = {},
): Promise<ManifestBytes> {
  const range = options.range;
  const ranged = range !== undefined && (range.start > 0 || range.end !== undefined);
  if (ranged) {
    const head = await readHead(location, options);
    if (isGzip(head)) {
      throw new ManifestError(
        'a gzip-compressed manifest cannot be read by byte range; shard it by file or decompress it',
        { source: location },
        undefined,
        { code: 'ManifestRangeOnGzip' },
      );
    }
    const first = Math.max(0, range.start - 1);
    const chunks =
      range.end === undefined
        ? guard(location, await openRaw(location, options, first))
        : rangeThenTail(location, options, first, range.end);
    return {
      chunks,
      firstByteOffset: first,
      skipFirstLine: range.start > 0,
      gzip: false,
    };
  }
  const raw = await openRaw(location, options);
  const iterator = guard(location, raw)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  while (headBytes < 2 && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else {
      head.push(next.value);
      headBytes += next.value.length;
    }
  }
  const first = Buffer.concat(head);
  const gzip = isGzip(first);
  if (!gzip && /\.gz$/i.test(location) && first.length > 0) {
    await iterator.return?.(undefined);
    throw new ManifestError(
      'file is named .gz but is not gzip data',
      { source: location },
      undefined,
      {
        code: 'ManifestNotGzip',
      },
    );
  }
  const all = (async function* () {
    if (first.length > 0) yield first;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  return {
    chunks: gzip ? gunzip(location, all) : all,
    firstByteOffset: 0,
    skipFirstLine: false,
    gzip,
  };
}

/**
 * The bytes `[first, end)`, then, only as far as the reader pulls, the rest of the row that
 * started before `end` in growing pieces (at most `maxLineBytes` + 1 past `end`): a shard reads
 * its share plus one row, not its share plus the longest row allowed.
 */
async function* rangeThenTail(
  location: string,
  options: ManifestSourceOptions,
  first: number,
  end: number,
): AsyncGenerator<Uint8Array> {
  if (end > first) yield* guard(location, await openRaw(location, options, first, end - 1));
  const limit = end + (options.maxLineBytes ?? MAX_LINE_BYTES) + 1;
  let piece = TAIL_PIECE_BYTES;
  for (let at = end; at <= limit; at += piece, piece *= 4) {
    const last = Math.min(at + piece - 1, limit);
    let got = 0;
    for await (const chunk of guard(location, await openRaw(location, options, at, last))) {
      got += chunk.length;
      yield chunk;
    }
    if (got < last - at + 1) return; // the end of the file
    if (last === limit) return;
  }
}

/** Read a small file whole (an inventory `manifest.json`), refusing one larger than `maxBytes`. */
export async function readManifestFile(
  location: string,
  options: ManifestSourceOptions & { maxBytes: number },
): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of guard(location, await openRaw(location, options))) {
    total += chunk.length;
    if (total > options.maxBytes) {
      throw new ManifestError(`file is larger than ${options.maxBytes} bytes`, {
        source: location,
      });
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

/** The first two bytes of a manifest (enough to tell gzip). */
export async function readHead(location: string, options: ManifestSourceOptions): Promise<Buffer> {
  if (!isS3Url(location)) {
    const handle = await open(location, 'r').catch((error: unknown) => {
      throw unreadable(location, error);
    });
    try {
      const buffer = Buffer.alloc(2);
      const { bytesRead } = await handle.read(buffer, 0, 2, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const parts: Uint8Array[] = [];
  for await (const chunk of guard(location, await openRaw(location, options, 0, 1)))
    parts.push(chunk);
  return Buffer.concat(parts);
}

/** `last` is inclusive, as in HTTP ranges and `createReadStream`. */
async function openRaw(
  location: string,
  options: ManifestSourceOptions,
  first?: number,
  last?: number,
): Promise<Readable> {
  if (options.localCopy !== undefined && isS3Url(location)) {
    return createReadStream(options.localCopy, {
      start: first ?? 0,
      end: last,
      signal: options.signal,
    });
  }
  if (!isS3Url(location)) {
    const info = await stat(location).catch((error: unknown) => {
      throw unreadable(location, error);
    });
    if (!info.isFile()) throw new ManifestError('not a file', { source: location });
    return createReadStream(location, { start: first ?? 0, end: last, signal: options.signal });
  }
  if (!options.s3)
    throw new ManifestError('an S3 client is needed to read an s3:// manifest', {
      source: location,
    });
  let url;
  try {
    url = parseS3Url(location);
  } catch (error) {
    throw new ManifestError((error as Error).message, { source: location }, undefined, {
      cause: error,
    });
  }
  const rangeHeader =
    first === undefined ? undefined : `bytes=${first}-${last === undefined ? '' : String(last)}`;
  const { GetObjectCommand } = await loadSdk('s3');
  try {
    const response = await options.s3.send(
      new GetObjectCommand({ Bucket: url.bucket, Key: url.key, Range: rangeHeader }),
      { abortSignal: options.signal },
    );
    return response.Body instanceof Readable ? response.Body : Readable.from([]);
  } catch (error) {
    // A range past the end of the object is an empty slice, not an error.
    if ((error as { name?: string }).name === 'InvalidRange') return Readable.from([]);
    throw unreadable(location, error);
  }
}

function unreadable(location: string, error: unknown): ManifestError {
  if (error instanceof ManifestError) return error;
  const name = (error as { name?: string; code?: string }).name;
  const code = (error as { code?: string }).code;
  const what =
    code === 'ENOENT' || name === 'NoSuchKey' || name === 'NotFound'
      ? 'manifest not found'
      : name === 'NoSuchBucket'
        ? 'bucket not found'
        : code === 'EISDIR'
          ? 'not a file'
          : `cannot read the manifest (${name ?? code ?? 'error'}: ${(error as Error).message})`;
  return new ManifestError(what, { source: location }, undefined, {
    code: 'ManifestUnreadable',
    cause: error,
  });
}

/** Turn stream failures into ManifestErrors and make sure the stream is closed when left early. */
async function* guard(location: string, stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof S3BulkError) throw error;
    throw unreadable(location, error);
  } finally {
    stream.destroy();
  }
}

async function* gunzip(
  location: string,
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const source = Readable.from(chunks);
  const inflate = createGunzip();
  pipeline(source, inflate, () => undefined);
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof S3BulkError) throw error;
    throw new ManifestError(
      `not a valid gzip stream (${(error as Error).message})`,
      { source: location },
      undefined,
      {
        code: 'ManifestNotGzip',
        cause: error,
      },
    );
  } finally {
    source.destroy();
    inflate.destroy();
  }
}

/** The hex digest of a file's stored bytes (not gunzipped), for `MD5checksum` checks. */
export async function digestManifestFile(
  location: string,
  options: ManifestSourceOptions,
  algorithm = 'md5',
): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of guard(location, await openRaw(location, options))) hash.update(chunk);
  return hash.digest('hex');
}
