import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { ManifestError, TaskFailure } from '../errors.js';
import { entryTaskId } from '../manifest/entry-id.js';
import type { ObjectEntry, PrefixEntry } from '../manifest/types.js';
import { formatS3Url } from '../s3/url.js';
import type { ObjectRef } from '../types.js';
import { CHECKSUM_ALGORITHMS } from './checksum-algorithms.js';
import { resolveDestination, targetKey } from './copy-request.js';
import { compareObjects, headWithChecksums, type ObjectComparison } from './object-compare.js';
import { describeObject, readTarget } from './object-target.js';
import { bucketArn, bucketFromArn, parseSpec } from './spec-schema.js';
import { listPrefix } from './sync-listing.js';
import type {
  ExpandOptions,
  Operation,
  OperationContext,
  OperationDefinition,
  Task,
} from './types.js';

export const verifySpecSchema = lazySchema(() =>
  z.strictObject({
    /** Computed when the two sides stored no checksum of one algorithm. @default CRC64NVME */
    ChecksumAlgorithm: z.enum(CHECKSUM_ALGORITHMS).default('CRC64NVME'),
    /** Manifests without a destination column (csv, inventory): where the copies are. */
    TargetResource: bucketArn.optional(),
    TargetKeyPrefix: z.string().optional(),
  }),
);

/**
 * s3bulk's own `{"S3BulkVerify": {}}`: compare each source object with its copy by size and
 * checksum. A match succeeds; a mismatch fails its task (`ChecksumMismatch`, `SizeMismatch`,
 * `DestinationMissing`), so the completion report lists both and the run exits 3 on any mismatch.
 */
export type VerifySpec = z.output<ReturnType<typeof verifySpecSchema>>;

// The report's ErrorCode for each way a copy can differ.
const MISMATCH_CODES: Readonly<Record<NonNullable<ObjectComparison['reason']>, string>> = {
  missing: 'DestinationMissing',
  size: 'SizeMismatch',
  checksum: 'ChecksumMismatch',
};

function destinationOf(task: Task, spec: VerifySpec): ObjectRef {
  if (task.destination) return resolveDestination(task.object, task.destination);
  const bucket = spec.TargetResource ? bucketFromArn(spec.TargetResource) : undefined;
  if (!bucket) {
    throw new TaskFailure(
      'no destination: the row names none and S3BulkVerify has no TargetResource',
      'InvalidDestination',
      { temporary: false },
    );
  }
  return { bucket, key: targetKey(task.object.key, spec.TargetKeyPrefix) };
}

function describe(result: ObjectComparison): string {
  if (result.reason === 'missing') return 'the destination object does not exist';
  if (result.reason === 'size')
    return `sizes differ (${result.size} bytes at the source, ${result.destinationSize} at the destination)`;
  const how = result.method === 's3' ? 'stored' : 'computed';
  return `${result.algorithm} ${how} checksums ${result.match ? 'match' : 'differ'} (${result.sourceChecksum} vs ${result.destinationChecksum}), ${result.size} bytes`;
}

export function createVerifyOperation(spec: VerifySpec): Operation {
  return {
    name: 'S3BulkVerify',
    spec,
    expand: (entry, context, options) =>
      entry.kind === 'object' ? expandObject(entry) : expandPrefix(entry, context, options),
    async run(task, context) {
      const destination = destinationOf(task, spec);
      const source = { client: context.s3.source, target: readTarget(task, context) };
      const sourceHead = await headWithChecksums(source, context.signal);
      if (!sourceHead) {
        throw new TaskFailure(`${describeObject(task)} does not exist`, 'NoSuchKey', {
          temporary: false,
          httpStatus: 404,
        });
      }
      const owner = context.settings.expectedBucketOwner;
      const result = await compareObjects(
        source,
        {
          client: context.s3.destination,
          target: {
            Bucket: destination.bucket,
            Key: destination.key,
            ...(owner ? { ExpectedBucketOwner: owner } : {}),
          },
        },
        spec.ChecksumAlgorithm,
        context.signal,
        sourceHead,
      );
      const where = formatS3Url(destination.bucket, destination.key);
      if (!result.match) {
        const code = MISMATCH_CODES[result.reason ?? 'checksum'];
        throw new TaskFailure(`${where}: ${describe(result)}`, code, { temporary: false });
      }
      return {
        message: `matches ${where}: ${describe(result)}`,
        bytes: result.size,
        clientBytes: result.clientBytes,
      };
    },
  };
}

export const verifyDefinition: OperationDefinition<VerifySpec> = {
  name: 'S3BulkVerify',
  parse: (value) => parseSpec(verifySpecSchema(), value ?? {}, 'S3BulkVerify'),
  create: createVerifyOperation,
};

async function* expandObject(entry: ObjectEntry): AsyncGenerator<Task> {
  yield {
    id: entryTaskId(entry.location),
    object: entry.object,
    ...(entry.destination ? { destination: entry.destination } : {}),
    ...(entry.facts ? { facts: entry.facts } : {}),
    location: entry.location,
  };
}

/** A pairs prefix row: every object under the source prefix against the same key under the other. */
async function* expandPrefix(
  entry: PrefixEntry,
  context: OperationContext,
  options: ExpandOptions | undefined,
): AsyncGenerator<Task> {
  const { source, destination, location } = entry;
  if (source.bucket === destination.bucket && source.prefix === destination.prefix) {
    throw new ManifestError('source and destination are the same prefix', location, 'destination');
  }
  const owner = context.settings.expectedSourceBucketOwner;
  const listing = listPrefix(context.s3.source, source, {
    signal: context.signal,
    ...(owner ? { expectedBucketOwner: owner } : {}),
    ...(options?.after !== undefined ? { startAfter: options.after } : {}),
    ...(options?.until !== undefined ? { until: options.until } : {}),
  });
  for await (const object of listing) {
    yield {
      id: `${entryTaskId(location)}:${object.key}`,
      object: { bucket: source.bucket, key: source.prefix + object.key },
      destination: { bucket: destination.bucket, key: destination.prefix + object.key },
      facts: { size: object.size, lastModified: object.lastModified },
      location,
    };
  }
}
