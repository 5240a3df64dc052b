import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines } from './lines.js';
import { openManifestBytes, readHead, type ManifestSourceOptions } from './source.js';
import type { ByteRange } from './types.js';

/** A manifest range copied to local disk once; pass `path` as `localCopy` to read it again. */
export interface SpooledRange {
  readonly path: string;
  /** Bytes fetched from the manifest's store to make the copy. */
  readonly bytes: number;
  /** Removes the copy. */
  close(): Promise<void>;
}

/**
 * Copy the bytes a ranged read of `location` needs (its first two bytes, the range, the end of
 * its last row) to a sparse local file at their own offsets. A job reads its manifest twice
 * (once to check and count it, once to run it): from this copy, a shard fetches its share of an
 * S3 manifest once.
 */
export async function spoolManifestRange(
  location: string,
  range: ByteRange,
  options: ManifestSourceOptions,
): Promise<SpooledRange> {
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-range-'));
  const path = join(dir, 'manifest');
  const close = () => rm(dir, { recursive: true, force: true });
  let bytes = 0;
  try {
    const file = await open(path, 'w');
    try {
      const write = async (chunk: Uint8Array, at: number) => {
        await file.write(chunk, 0, chunk.length, at);
        bytes += chunk.length;
      };
      await write(await readHead(location, options), 0);
      const source = await openManifestBytes(location, { ...options, range });
      let at = source.firstByteOffset;
      const copied = async function* () {
        for await (const chunk of source.chunks) {
          await write(chunk, at);
          at += chunk.length;
          yield chunk;
        }
      };
      // Lines drive the read, so it stops where a reader of the range stops.
      for await (const _line of readLines(copied(), {
        firstByteOffset: source.firstByteOffset,
        skipFirstLine: source.skipFirstLine,
        end: range.end,
        maxLineBytes: options.maxLineBytes,
      })) {
        options.signal?.throwIfAborted();
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { path, bytes, close };
}
