import * as z from 'zod';
import { lazySchema } from '../config/lazy-schema.js';
import { TaskFailure } from '../errors.js';
import { copyObject, copyRequests } from './copy.js';
import type { CopyOptions } from './copy-spec.js';
import { describeObject, writeTarget } from './object-target.js';
import { parseSpec } from './spec-schema.js';
import type { Operation, OperationContext, OperationDefinition } from './types.js';
import { loadSdk } from '../config/load-sdk.js';

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

export const updateObjectEncryptionSpecSchema = lazySchema(() =>
  z.strictObject({
    ObjectEncryption: z.strictObject({
      SSEKMS: z.strictObject({
        KMSKeyArn: z
          .string()
          .regex(
            KMS_KEY_ARN,
            'must be a KMS key ARN like arn:aws:kms:us-east-1:111122223333:key/…',
          ),
        BucketKeyEnabled: z.boolean().optional(),
      }),
    }),
  }),
);

/**
 * `{"S3UpdateObjectEncryption": {"ObjectEncryption": {"SSEKMS": {"KMSKeyArn": "...",
 * "BucketKeyEnabled": true}}}}`: SSE-S3 to SSE-KMS, apply bucket keys, rotate the KMS key.
 */
export type UpdateObjectEncryptionSpec = z.output<
  ReturnType<typeof updateObjectEncryptionSpecSchema>
>;

/**
 * In-process and on AWS Batch the object is copied onto itself with the new SSE-KMS settings:
 * metadata, tags and storage class are kept (COPY directives, the storage class it had). An
 * object already encrypted this way is left alone, so a resumed job does not copy it twice.
 */
export function createUpdateEncryptionOperation(spec: UpdateObjectEncryptionSpec): Operation {
  const { KMSKeyArn, BucketKeyEnabled } = spec.ObjectEncryption.SSEKMS;
  const bucketKey = BucketKeyEnabled ?? false;
  return {
    name: 'S3UpdateObjectEncryption',
    spec,
    // At most: the HEAD, then the copy onto itself its size calls for (none when already done).
    requestsOf(task, context) {
      const size = task.facts?.size;
      const sized = { ...task, facts: { ...task.facts, size: size ?? 0 } };
      const copy = copyRequests(sized, {}, { ...context, crossEndpoint: false });
      return {
        requests: { ...copy.requests, HeadObject: 1 + (copy.requests.HeadObject ?? 0) },
        clientBytes: 0,
        upperBound: true,
        ...(size === undefined ? { sizeUnknown: true } : {}),
      };
    },
    async run(task, context) {
      if (task.object.versionId) {
        // A copy makes a new current version; S3's UpdateObjectEncryption changes the version itself.
        throw new TaskFailure(
          `${describeObject(task)}: s3bulk updates the encryption of current objects only (a copy onto a version would create a new version); run it natively with batchops create`,
          'VersionNotSupported',
          { temporary: false },
        );
      }
      // In-place: both sides of the copy are the object's own bucket, through the writing client.
      const client = context.s3.destination;
      const { HeadObjectCommand } = await loadSdk('s3');
      const head = await client.send(new HeadObjectCommand(writeTarget(task, context)), {
        abortSignal: context.signal,
      });
      if (
        head.ServerSideEncryption === 'aws:kms' &&
        head.SSEKMSKeyId === KMSKeyArn &&
        (head.BucketKeyEnabled ?? false) === bucketKey
      ) {
        return { message: `already SSE-KMS with ${KMSKeyArn}: nothing to do` };
      }
      const storageClass = head.StorageClass;
      const options: CopyOptions = {
        SSEAwsKmsKeyId: KMSKeyArn,
        ...(BucketKeyEnabled !== undefined ? { BucketKeyEnabled } : {}),
        ...(storageClass && storageClass !== 'STANDARD'
          ? { StorageClass: storageClass as NonNullable<CopyOptions['StorageClass']> }
          : {}),
      };
      const inPlace: OperationContext = {
        ...context,
        crossEndpoint: false,
        s3: { source: client, destination: client },
        settings: {
          ...context.settings,
          expectedSourceBucketOwner: context.settings.expectedBucketOwner,
        },
      };
      const outcome = await copyObject(
        {
          source: task.object,
          target: { bucket: task.object.bucket, key: task.object.key },
          options,
        },
        {
          ...task,
          facts: {
            ...task.facts,
            ...(head.ContentLength !== undefined ? { size: head.ContentLength } : {}),
          },
        },
        inPlace,
      );
      const from = head.ServerSideEncryption ?? 'no encryption';
      return {
        ...(outcome.bytes !== undefined ? { bytes: outcome.bytes } : {}),
        ...(outcome.clientBytes !== undefined ? { clientBytes: outcome.clientBytes } : {}),
        message: `encrypted ${describeObject(task)} with SSE-KMS ${KMSKeyArn}${bucketKey ? ' (bucket key)' : ''}, was ${from}`,
      };
    },
  };
}

export const updateObjectEncryptionDefinition: OperationDefinition<UpdateObjectEncryptionSpec> = {
  name: 'S3UpdateObjectEncryption',
  parse: (value) =>
    parseSpec(updateObjectEncryptionSpecSchema(), value, 'S3UpdateObjectEncryption'),
  create: createUpdateEncryptionOperation,
};
