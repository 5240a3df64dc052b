import type { BatchClient } from '@aws-sdk/client-batch';
import type { S3Client } from '@aws-sdk/client-s3';
import { ENV } from '../../config/env.js';
import { validateEngineSettings } from '../../engine/engine-settings.js';
import { ConfigError } from '../../errors.js';
import { engineSettingsOf } from '../../job/job-settings.js';
import type { JobSpec } from '../../job/types.js';
import { validateManifest, type ManifestValidation } from '../../manifest/open-manifest.js';
import { parseOperation } from '../../operations/registry.js';
import { formatS3Url, isS3Url, parseS3Url } from '../../s3/url.js';
import { S3JobStore } from '../../store/s3-job-store.js';
import { assertBatchResources } from './batch-resources.js';
import { shardSpecLocation } from './shard-checkpoints.js';
import { buildSubmitJobInput, submitAwsBatchJob } from './submit.js';
import type { SubmitBatchJobOptions, SubmittedBatchJob } from './types.js';
import { uploadLocalManifest } from '../../manifest/upload-manifest.js';

/** An s3bulk job for AWS Batch: the spec, and where and how wide it runs. */
export interface SubmitShardedJobInput {
  /** The job (its id set); a local manifest is uploaded and the spec then names the copy. */
  readonly spec: JobSpec;
  readonly jobName: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
  /** @default 1 */
  readonly shards?: number;
  readonly attempts?: number;
  /** `s3://bucket/prefix/` a local manifest is uploaded to. */
  readonly manifestUpload?: string;
  /** `s3://bucket/prefix/` of the checkpoints and the spec. @default s3://<manifest bucket>/.s3bulk/checkpoints/ */
  readonly checkpoint?: string;
}

export interface SubmitShardedJobClients {
  readonly batch: BatchClient;
  /** A control client: reads the manifest, uploads it, writes the spec. */
  readonly s3: S3Client;
}

/** What `submit` did, in order, for the edge to tell the user. */
export type SubmitEvent =
  | { readonly type: 'manifest-checked'; readonly validation: ManifestValidation }
  | { readonly type: 'manifest-uploaded'; readonly from: string; readonly location: string };

export interface SubmittedShardedJob extends SubmittedBatchJob {
  /** The spec the workers run (its manifest in S3). */
  readonly spec: JobSpec;
  /** `S3BULK_SPEC` of the workers: `<checkpoint>/<jobId>/spec.json`. */
  readonly specLocation: string;
  readonly checkpoint: string;
}

/**
 * Submit a job to AWS Batch. Everything that can be checked is checked before anything is
 * written: the operation, the engine settings, the whole manifest (as `plan` reads it), the job
 * queue and the job definition. Then a local manifest is uploaded as a stream, the spec is
 * written beside the checkpoints, and the workers get only its location.
 */
export async function submitShardedJob(
  input: SubmitShardedJobInput,
  clients: SubmitShardedJobClients,
  onEvent: (event: SubmitEvent) => void = () => undefined,
): Promise<SubmittedShardedJob> {
  const { spec } = input;
  const manifest = spec.manifest;
  if (manifest.format === 'generate') {
    throw new ConfigError(
      'submit runs a manifest file: list the bucket first (`s3bulk plan --generate … --save-spec`), or use run',
    );
  }
  const local = !isS3Url(manifest.location);
  if (local && manifest.format === 'inventory') {
    throw new ConfigError(
      'an inventory manifest must be in S3 (s3://…/manifest.json): its data files are read from there',
    );
  }
  if (local && !input.manifestUpload) {
    throw new ConfigError(
      `${manifest.location} is a local file: give --manifest-upload s3://bucket/prefix/ so the workers can read it`,
    );
  }
  for (const [name, value] of [
    ['report', spec.report?.location],
    ['checkpoint', input.checkpoint],
    ['manifest-upload', input.manifestUpload],
  ] as const) {
    if (value !== undefined && !isS3Url(value)) {
      throw new ConfigError(`--${name} must be an s3:// URL: workers run far from this machine`);
    }
  }
  parseOperation(spec.operation);
  validateEngineSettings(engineSettingsOf(spec));
  const manifestBucket = parseS3Url(local ? input.manifestUpload! : manifest.location).bucket;
  const request = (location: string): SubmitBatchJobOptions => ({
    jobName: input.jobName,
    jobQueue: input.jobQueue,
    jobDefinition: input.jobDefinition,
    shards: input.shards ?? 1,
    manifest: { bucket: parseS3Url(location).bucket, key: parseS3Url(location).key },
    environment: {
      [ENV.spec]: shardSpecLocation(checkpoint, spec.jobId),
      [ENV.shards]: String(input.shards ?? 1),
    },
    ...(input.attempts ? { attempts: input.attempts } : {}),
  });
  const given = input.checkpoint ?? `s3://${manifestBucket}/.s3bulk/checkpoints/`;
  const checkpoint = given.endsWith('/') ? given : `${given}/`;
  // Job name and shard count are checked by building the request now.
  buildSubmitJobInput(request(local ? input.manifestUpload! : manifest.location));

  const owner = spec.aws.expectedSourceBucketOwner;
  const validation = await validateManifest(manifest, {
    s3: clients.s3,
    maxErrors: 1,
    ...(owner ? { expectedBucketOwner: owner } : {}),
  });
  if (!validation.valid) throw validation.errors[0]!;
  onEvent({ type: 'manifest-checked', validation });
  await assertBatchResources(clients.batch, input);

  let location = manifest.location;
  if (local) {
    const stored = await uploadLocalManifest(manifest.location, {
      s3: clients.s3,
      destination: input.manifestUpload!,
    });
    location = formatS3Url(stored.bucket, stored.key);
    onEvent({ type: 'manifest-uploaded', from: manifest.location, location });
  }
  const running: JobSpec = { ...spec, manifest: { ...manifest, location } };
  const store = new S3JobStore({ s3: clients.s3, location: `${checkpoint}${spec.jobId}/` });
  await store.writeSpec(running);
  const submitted = await submitAwsBatchJob(clients.batch, request(location));
  return {
    ...submitted,
    spec: running,
    specLocation: shardSpecLocation(checkpoint, spec.jobId),
    checkpoint,
  };
}
