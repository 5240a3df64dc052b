import type { HeadObjectCommandOutput, ReplicationConfiguration } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { TaskFailure } from '../errors.js';
import { formatS3Url } from '../s3/url.js';
import { headFailure } from './checksum.js';
import { copyObject } from './copy.js';
import type { CopyOptions } from './copy-spec.js';
import { describeObject, readTarget } from './object-target.js';
import { matchReplicationRules, rulesNeedTags, type MatchedRule } from './replication-rules.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationContext, OperationDefinition, Task } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

/** `{"S3ReplicateObject": {}}`: the service's Operation takes no field. */
export const replicateObjectSpecSchema = lazySchema(() => z.strictObject({}));
export type ReplicateObjectSpec = z.output<ReturnType<typeof replicateObjectSpecSchema>>;

type StorageClass = NonNullable<CopyOptions['StorageClass']>;

/** HEAD the object, or learn that it (this version) is a delete marker. */
async function headOrDeleteMarker(
  task: Task,
  context: OperationContext,
): Promise<HeadObjectCommandOutput | 'delete-marker'> {
  const { HeadObjectCommand } = await loadSdk('s3');
  try {
    return await context.s3.source.send(new HeadObjectCommand(readTarget(task, context)), {
      abortSignal: context.signal,
    });
  } catch (error) {
    const e = error as {
      $metadata?: { httpStatusCode?: number };
      $response?: { headers?: Record<string, string> };
    };
    // A delete marker answers 404 (the current version) or 405 (by VersionId) with this header.
    if (e.$response?.headers?.['x-amz-delete-marker'] === 'true') return 'delete-marker';
    if (e.$metadata?.httpStatusCode === 405 && task.object.versionId) return 'delete-marker';
    throw headFailure(error, task);
  }
}

/** The copy a rule asks for: its storage class (else the source's), owner override, replica key. */
function copyOptionsFor(match: MatchedRule, head: HeadObjectCommandOutput): CopyOptions {
  const destination = match.rule.Destination;
  const storageClass = destination?.StorageClass ?? head.StorageClass;
  const replicaKey = destination?.EncryptionConfiguration?.ReplicaKmsKeyID;
  return {
    ...(storageClass && storageClass !== 'STANDARD'
      ? { StorageClass: storageClass as StorageClass }
      : {}),
    // Owner override: the destination bucket's owner gets full control of the replica.
    ...(destination?.AccessControlTranslation?.Owner === 'Destination'
      ? { CannedAccessControlList: 'bucket-owner-full-control' as const }
      : {}),
    ...(replicaKey ? { SSEAwsKmsKeyId: replicaKey } : {}),
  };
}

/**
 * `S3ReplicateObject` in-process and on AWS Batch: read the source bucket's replication
 * configuration once, and copy each object to the destination of every rule it matches (prefix
 * and tag filters, priority, storage class, owner override, replica KMS key); a delete marker
 * becomes a delete marker where the rule replicates them. docs/operations.md lists how this
 * differs from the service's own replication.
 */
export function createReplicateOperation(spec: ReplicateObjectSpec): Operation {
  const configurations = new Map<string, Promise<ReplicationConfiguration>>();
  const configurationOf = (bucket: string, context: OperationContext) => {
    let pending = configurations.get(bucket);
    if (!pending) {
      const owner = context.settings.expectedSourceBucketOwner;
      pending = loadSdk('s3')
        .then(({ GetBucketReplicationCommand }) =>
          context.s3.source.send(
            new GetBucketReplicationCommand({
              Bucket: bucket,
              ...(owner ? { ExpectedBucketOwner: owner } : {}),
            }),
            { abortSignal: context.signal },
          ),
        )
        .then((out) => out.ReplicationConfiguration ?? { Role: '', Rules: [] });
      configurations.set(bucket, pending);
      // A failed lookup (throttling, a missing configuration) is asked again by the next task.
      pending.catch(() => configurations.delete(bucket));
    }
    return pending;
  };

  return {
    name: 'S3ReplicateObject',
    spec,
    async run(task, context) {
      const config = await configurationOf(task.object.bucket, context);
      const head = await headOrDeleteMarker(task, context);
      if (head === 'delete-marker') return replicateDeleteMarker(task, config, context);
      const { GetObjectTaggingCommand } = await loadSdk('s3');
      const tags = rulesNeedTags(config)
        ? (
            await context.s3.source.send(new GetObjectTaggingCommand(readTarget(task, context)), {
              abortSignal: context.signal,
            })
          ).TagSet
        : undefined;
      const matches = matchReplicationRules(config, {
        key: task.object.key,
        ...(tags ? { tags } : {}),
        kmsEncrypted: head.ServerSideEncryption?.startsWith('aws:kms') === true,
        deleteMarker: false,
      });
      if (matches.length === 0) {
        throw new TaskFailure(
          `${describeObject(task)} matches no enabled replication rule of its bucket`,
          'NoMatchingReplicationRule',
          { temporary: false },
        );
      }
      const done: string[] = [];
      let bytes = 0;
      let clientBytes = 0;
      for (const match of matches) {
        const target = { bucket: match.destinationBucket, key: task.object.key };
        const options = copyOptionsFor(match, head);
        const size = head.ContentLength;
        const outcome = await copyObject(
          { source: task.object, target, options },
          { ...task, facts: { ...task.facts, ...(size !== undefined ? { size } : {}) } },
          context,
        );
        bytes += outcome.bytes ?? 0;
        clientBytes += outcome.clientBytes ?? 0;
        const rule = match.rule.ID ? `rule ${match.rule.ID}` : 'rule';
        done.push(
          `${formatS3Url(target.bucket, target.key)} (${rule}, ${options.StorageClass ?? 'STANDARD'})`,
        );
      }
      return { message: `replicated to ${done.join(', ')}`, bytes, clientBytes };
    },
  };
}

async function replicateDeleteMarker(
  task: Task,
  config: ReplicationConfiguration,
  context: OperationContext,
) {
  const matches = matchReplicationRules(config, {
    key: task.object.key,
    kmsEncrypted: false,
    deleteMarker: true,
  });
  if (matches.length === 0) {
    return { message: 'delete marker not replicated: no rule replicates delete markers' };
  }
  const owner = context.settings.expectedBucketOwner;
  const { DeleteObjectCommand } = await loadSdk('s3');
  for (const match of matches) {
    // A DeleteObject without VersionId adds a delete marker to a versioned destination.
    await context.s3.destination.send(
      new DeleteObjectCommand({
        Bucket: match.destinationBucket,
        Key: task.object.key,
        ...(owner ? { ExpectedBucketOwner: owner } : {}),
      }),
      { abortSignal: context.signal },
    );
  }
  const where = matches.map((m) => formatS3Url(m.destinationBucket, task.object.key)).join(', ');
  return { message: `delete marker replicated to ${where}` };
}

export const replicateObjectDefinition: OperationDefinition<ReplicateObjectSpec> = {
  name: 'S3ReplicateObject',
  parse: (value) => parseSpec(replicateObjectSpecSchema(), value ?? {}, 'S3ReplicateObject'),
  create: createReplicateOperation,
};
