import type { HeadObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import {
  CHECKSUM_ALGORITHMS,
  CHECKSUM_TYPES,
  compositeChecksum,
  digestStream,
  type ChecksumAlgorithm,
  type ChecksumType,
} from './checksum-algorithms.js';
import { TaskFailure } from '../errors.js';
import { describeObject, readTarget, type ObjectTarget } from './object-target.js';
import type {
  Operation,
  OperationContext,
  OperationDefinition,
  Task,
  TaskOutcome,
  TaskRequests,
} from './types.js';
import { parseSpec } from './spec-schema.js';
import { loadSdk } from '../config/load-sdk.js';

export const computeChecksumSpecSchema = lazySchema(() =>
  z
    .strictObject({
      ChecksumAlgorithm: z.enum(CHECKSUM_ALGORITHMS),
      ChecksumType: z.enum(CHECKSUM_TYPES).default('FULL_OBJECT'),
    })
    .refine((s) => !(s.ChecksumAlgorithm === 'CRC64NVME' && s.ChecksumType === 'COMPOSITE'), {
      message: 'CRC64NVME supports only ChecksumType FULL_OBJECT',
      path: ['ChecksumType'],
    }),
);

/** `{"S3ComputeObjectChecksum": {"ChecksumAlgorithm": "CRC32C", "ChecksumType": "FULL_OBJECT"}}` */
export type ComputeChecksumSpec = z.output<ReturnType<typeof computeChecksumSpecSchema>>;

/** What goes into the report's ResultMessage, as JSON. */
export interface ChecksumResult {
  readonly checksumAlgorithm: ChecksumAlgorithm;
  readonly checksumType: ChecksumType;
  /** Base64, as S3 shows checksums (`-<parts>` suffix for composite ones of multipart objects). */
  readonly checksum_base64: string;
  /** `s3`: the stored checksum S3 returned; `computed`: s3bulk read the object and computed it. */
  readonly source: 's3' | 'computed';
  readonly etag?: string;
}

/** Where HeadObject (with ChecksumMode ENABLED) returns each stored checksum. */
export const HEAD_FIELD: Partial<Record<ChecksumAlgorithm, keyof HeadObjectCommandOutput>> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  CRC64NVME: 'ChecksumCRC64NVME',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
};

/** Parts of a multipart object, from its ETag (`"...-12"`); 1 for a single PUT. */
export function partsOf(etag: string | undefined): number {
  const match = /-(\d+)"?$/.exec(etag ?? '');
  return match?.[1] ? Number(match[1]) : 1;
}

/** The checksum S3 stored, when it is the one asked for. */
export function storedChecksum(
  head: HeadObjectCommandOutput,
  algorithm: ChecksumAlgorithm,
  type: ChecksumType,
  parts: number,
): string | undefined {
  const field = HEAD_FIELD[algorithm];
  const value = field ? head[field] : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  // A single-part object's composite checksum is its full-object checksum.
  const storedType = head.ChecksumType ?? (value.includes('-') ? 'COMPOSITE' : 'FULL_OBJECT');
  return storedType === type || parts === 1 ? value : undefined;
}

/**
 * Read an object (each part's range for a composite checksum) and compute its checksum with
 * `client`: the source side for S3ComputeObjectChecksum, either side for S3BulkVerify.
 */
export async function computeChecksum(
  target: ObjectTarget,
  spec: Pick<ComputeChecksumSpec, 'ChecksumAlgorithm' | 'ChecksumType'>,
  parts: number,
  context: Pick<OperationContext, 'signal'>,
  client: S3Client,
): Promise<{ checksum: string; bytes: number }> {
  const { GetObjectCommand, HeadObjectCommand } = await loadSdk('s3');
  const get = async (range?: string) => {
    const out = await client.send(
      new GetObjectCommand({ ...target, ...(range ? { Range: range } : {}) }),
      { abortSignal: context.signal },
    );
    return digestStream(spec.ChecksumAlgorithm, out.Body as AsyncIterable<Uint8Array>);
  };
  if (spec.ChecksumType === 'FULL_OBJECT' || parts === 1) {
    const { digest, bytes } = await get();
    return { checksum: Buffer.from(digest).toString('base64'), bytes };
  }
  // Part sizes come from HeadObject?partNumber, then each part is a ranged GET: that works on
  // every S3 API (some emulators ignore GetObject?partNumber) and keeps memory at one chunk.
  const digests: Uint8Array[] = [];
  let offset = 0;
  for (let part = 1; part <= parts; part++) {
    const head = await client.send(new HeadObjectCommand({ ...target, PartNumber: part }), {
      abortSignal: context.signal,
    });
    const size = head.ContentLength ?? 0;
    const result = await get(`bytes=${offset}-${offset + size - 1}`);
    digests.push(result.digest);
    offset += size;
  }
  return { checksum: await compositeChecksum(spec.ChecksumAlgorithm, digests), bytes: offset };
}

/**
 * HEAD errors have no body, so the SDK names them only by status (`NotFound`, `Forbidden`,
 * message "UnknownError"): give the report S3's usual code and a message saying what is wrong.
 */
export function headFailure(error: unknown, task: Task): unknown {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (status === 404) {
    return new TaskFailure(`${describeObject(task)} does not exist`, 'NoSuchKey', {
      temporary: false,
      httpStatus: 404,
      cause: error,
    });
  }
  if (status === 403) {
    return new TaskFailure(`access denied reading ${describeObject(task)}`, 'AccessDenied', {
      temporary: false,
      httpStatus: 403,
      cause: error,
    });
  }
  return error;
}

/**
 * The calls of one checksum task when S3 has not stored the checksum (the most it makes): the
 * HEAD, then one GET, or a HEAD and a ranged GET per part of a composite checksum.
 */
export function checksumRequests(
  task: Task,
  spec: Pick<ComputeChecksumSpec, 'ChecksumType'>,
): TaskRequests {
  const parts = partsOf(task.facts?.etag);
  const perPart = spec.ChecksumType === 'FULL_OBJECT' || parts === 1 ? 0 : parts;
  const size = task.facts?.size;
  return {
    requests: { HeadObject: 1 + perPart, GetObject: Math.max(perPart, 1) },
    upperBound: true,
    ...(size === undefined ? { sizeUnknown: true } : { clientBytes: size }),
  };
}

/** Report each object's checksum: S3's stored value when it has it, else computed by reading. */
export const computeChecksumOperation: OperationDefinition<ComputeChecksumSpec> = {
  name: 'S3ComputeObjectChecksum',
  parse: (value) => parseSpec(computeChecksumSpecSchema(), value, 'S3ComputeObjectChecksum'),
  create(spec): Operation {
    return {
      name: 'S3ComputeObjectChecksum',
      spec,
      requestsOf: (task) => checksumRequests(task, spec),
      async run(task, context): Promise<TaskOutcome> {
        const target = readTarget(task, context);
        const { HeadObjectCommand } = await loadSdk('s3');
        const head = await context.s3.source
          .send(new HeadObjectCommand({ ...target, ChecksumMode: 'ENABLED' }), {
            abortSignal: context.signal,
          })
          .catch((error: unknown) => {
            throw headFailure(error, task);
          });
        const parts = partsOf(head.ETag);
        const stored = storedChecksum(head, spec.ChecksumAlgorithm, spec.ChecksumType, parts);
        const computed = stored
          ? undefined
          : await computeChecksum(target, spec, parts, context, context.s3.source);
        const result: ChecksumResult = {
          checksumAlgorithm: spec.ChecksumAlgorithm,
          checksumType: spec.ChecksumType,
          checksum_base64: stored ?? computed?.checksum ?? '',
          source: stored ? 's3' : 'computed',
          ...(head.ETag ? { etag: head.ETag.replace(/"/g, '') } : {}),
        };
        return {
          message: JSON.stringify(result),
          bytes: head.ContentLength ?? 0,
          clientBytes: computed?.bytes ?? 0,
        };
      },
    };
  },
};
