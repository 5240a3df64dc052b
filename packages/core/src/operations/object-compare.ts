import type { HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import type { ChecksumAlgorithm } from './checksum-algorithms.js';
import { computeChecksum, HEAD_FIELD, partsOf, storedChecksum } from './checksum.js';
import type { ObjectTarget } from './object-target.js';
import { loadSdk } from '../config/load-sdk.js';

/** One side of a comparison: the client that reads it and the object. */
export interface CompareSide {
  readonly client: S3Client;
  readonly target: ObjectTarget;
}

/** How two objects were found to compare. */
export interface ObjectComparison {
  readonly match: boolean;
  /** Why they differ: the destination is missing, the sizes or the checksums differ. */
  readonly reason?: 'missing' | 'size' | 'checksum';
  readonly size: number;
  readonly destinationSize?: number;
  readonly algorithm?: ChecksumAlgorithm;
  readonly sourceChecksum?: string;
  readonly destinationChecksum?: string;
  /** `s3`: both checksums were stored by S3; `computed`: s3bulk read one side or both. */
  readonly method?: 's3' | 'computed';
  /** Bytes this process read to compute checksums. */
  readonly clientBytes: number;
}

// Stored checksums are tried in this order; the first algorithm both sides have decides.
const STORED_ORDER: readonly ChecksumAlgorithm[] = [
  'CRC64NVME',
  'CRC32C',
  'CRC32',
  'SHA256',
  'SHA1',
];

/** HeadObject with the stored checksums, or undefined for a missing object (404). */
export async function headWithChecksums(
  side: CompareSide,
  signal: AbortSignal,
): Promise<HeadObjectCommandOutput | undefined> {
  const { HeadObjectCommand } = await loadSdk('s3');
  try {
    return await side.client.send(
      new HeadObjectCommand({ ...side.target, ChecksumMode: 'ENABLED' }),
      { abortSignal: signal },
    );
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return undefined;
    throw error;
  }
}

/**
 * The checksum both sides stored with the same algorithm and type. A composite checksum only
 * compares with one of the same part count: another part layout gives another value.
 */
function commonStoredChecksum(
  source: HeadObjectCommandOutput,
  destination: HeadObjectCommandOutput,
): { algorithm: ChecksumAlgorithm; source: string; destination: string } | undefined {
  for (const algorithm of STORED_ORDER) {
    const field = HEAD_FIELD[algorithm];
    const s = field ? source[field] : undefined;
    const d = field ? destination[field] : undefined;
    if (typeof s !== 'string' || typeof d !== 'string' || s === '' || d === '') continue;
    const type = (value: string, head: HeadObjectCommandOutput) =>
      head.ChecksumType ?? (value.includes('-') ? `COMPOSITE${value.split('-')[1]}` : 'FULL');
    if (type(s, source) === type(d, destination)) return { algorithm, source: s, destination: d };
  }
  return undefined;
}

/**
 * Compare two objects by size, then by checksum: the stored `x-amz-checksum-*` where both sides
 * have the same algorithm, else the full-object checksum with `algorithm` (a side's stored
 * full-object value is used, the other side is read and computed, as S3ComputeObjectChecksum does).
 * The caller has HEADed the source (`headWithChecksums`): a missing source is its error to report.
 */
export async function compareObjects(
  source: CompareSide,
  destination: CompareSide,
  algorithm: ChecksumAlgorithm,
  signal: AbortSignal,
  sourceHead: HeadObjectCommandOutput,
): Promise<ObjectComparison> {
  const size = sourceHead.ContentLength ?? 0;
  const destinationHead = await headWithChecksums(destination, signal);
  if (!destinationHead) return { match: false, reason: 'missing', size, clientBytes: 0 };
  const destinationSize = destinationHead.ContentLength ?? 0;
  if (destinationSize !== size) {
    return { match: false, reason: 'size', size, destinationSize, clientBytes: 0 };
  }
  const stored = commonStoredChecksum(sourceHead, destinationHead);
  if (stored) {
    const match = stored.source === stored.destination;
    return {
      match,
      ...(match ? {} : { reason: 'checksum' as const }),
      size,
      destinationSize,
      algorithm: stored.algorithm,
      sourceChecksum: stored.source,
      destinationChecksum: stored.destination,
      method: 's3',
      clientBytes: 0,
    };
  }
  let clientBytes = 0;
  const fullObject = async (side: CompareSide, head: HeadObjectCommandOutput) => {
    const spec = { ChecksumAlgorithm: algorithm, ChecksumType: 'FULL_OBJECT' as const };
    const kept = storedChecksum(head, algorithm, 'FULL_OBJECT', partsOf(head.ETag));
    if (kept) return kept;
    const computed = await computeChecksum(side.target, spec, 1, { signal }, side.client);
    clientBytes += computed.bytes;
    return computed.checksum;
  };
  const sourceChecksum = await fullObject(source, sourceHead);
  const destinationChecksum = await fullObject(destination, destinationHead);
  const match = sourceChecksum === destinationChecksum;
  return {
    match,
    ...(match ? {} : { reason: 'checksum' as const }),
    size,
    destinationSize,
    algorithm,
    sourceChecksum,
    destinationChecksum,
    method: 'computed',
    clientBytes,
  };
}
