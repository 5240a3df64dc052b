import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ConfigError,
  guessManifestFormat,
  isS3Url,
  parseS3Url,
  type AwsSettings,
  type ManifestFormat,
} from '@s3bulk/core';
import { createJobClients } from './clients.js';
import type { FormatGuesser } from './manifest-input.js';

// A first row is at most one line of a manifest (keys are at most 1,024 bytes each).
const HEAD_BYTES = 64 * 1024;

/**
 * The format of a manifest given without `--format`, by the rule `s3bulk manifest validate`
 * uses (core's `guessManifestFormat`): only the first bytes are read.
 */
export async function guessFormat(
  location: string,
  s3: () => S3Client,
): Promise<{ format: ManifestFormat; reason: string }> {
  if (/\.json$/i.test(location)) return guessManifestFormat(location, undefined);
  const head = isS3Url(location) ? await s3Head(location, s3()) : await localHead(location);
  return guessManifestFormat(location, firstLine(head));
}

async function localHead(path: string): Promise<Uint8Array> {
  let file;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new ConfigError(`--manifest: cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

async function s3Head(location: string, s3: S3Client): Promise<Uint8Array> {
  const { bucket, key } = parseS3Url(location);
  try {
    const res = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${HEAD_BYTES - 1}` }),
    );
    return (await res.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    throw new ConfigError(`--manifest: cannot read ${location}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function firstLine(head: Uint8Array): string | undefined {
  let bytes = head;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    // A truncated gzip stream still inflates up to where it was cut.
    bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  }
  const text = Buffer.from(bytes).toString('utf8');
  return text.split(/\r?\n/, 1)[0];
}

/**
 * A `FormatGuesser` for a job: reads `s3://` manifests with the source side's client (created
 * only if needed), and tells `onGuess` what it assumed so the user can correct it.
 */
export function formatGuesserFor(
  aws: AwsSettings,
  onGuess: (message: string) => void,
): FormatGuesser {
  return async (location) => {
    let client: S3Client | undefined;
    try {
      const guess = await guessFormat(location, () => {
        client ??= createJobClients(aws, 1).source;
        return client;
      });
      onGuess(`Reading ${location} as ${guess.format}: ${guess.reason} (--format to override).`);
      return guess.format;
    } finally {
      client?.destroy();
    }
  };
}
