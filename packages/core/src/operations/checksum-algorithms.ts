import { createHash } from 'node:crypto';
import { AwsCrc32 } from '@aws-crypto/crc32';
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';

/** The algorithms of `S3ComputeObjectChecksum`, named as S3 names them. */
export const CHECKSUM_ALGORITHMS = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
  'MD5',
] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export const CHECKSUM_TYPES = ['FULL_OBJECT', 'COMPOSITE'] as const;
export type ChecksumType = (typeof CHECKSUM_TYPES)[number];

/** An incremental digest: feed chunks, then take the raw bytes. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  digest(): Promise<Uint8Array>;
}

function nodeHasher(name: 'sha1' | 'sha256' | 'md5'): Hasher {
  const hash = createHash(name);
  return {
    update: (chunk) => void hash.update(chunk),
    digest: async () => new Uint8Array(hash.digest()),
  };
}

/** A fresh hasher for one algorithm; CRCs come from the SDK's own implementations. */
export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32':
      return new AwsCrc32();
    case 'CRC32C':
      return new AwsCrc32c();
    case 'CRC64NVME':
      return new Crc64Nvme();
    case 'SHA1':
      return nodeHasher('sha1');
    case 'SHA256':
      return nodeHasher('sha256');
    case 'MD5':
      return nodeHasher('md5');
  }
}

/** Digest of a whole byte stream (an SDK body or any async iterable of chunks). */
export async function digestStream(
  algorithm: ChecksumAlgorithm,
  body: AsyncIterable<Uint8Array>,
): Promise<{ digest: Uint8Array; bytes: number }> {
  const hasher = createHasher(algorithm);
  let bytes = 0;
  for await (const chunk of body) {
    hasher.update(chunk);
    bytes += chunk.byteLength;
  }
  return { digest: await hasher.digest(), bytes };
}

/**
 * S3's composite checksum: the checksum of the concatenated part checksums, shown as
 * `<base64>-<parts>`.
 */
export async function compositeChecksum(
  algorithm: ChecksumAlgorithm,
  partDigests: readonly Uint8Array[],
): Promise<string> {
  const hasher = createHasher(algorithm);
  for (const digest of partDigests) hasher.update(digest);
  return `${Buffer.from(await hasher.digest()).toString('base64')}-${partDigests.length}`;
}
