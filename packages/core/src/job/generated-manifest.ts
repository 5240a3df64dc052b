import { join } from 'node:path';
import { generateManifest } from '../manifest/generator.js';
import { writeInventoryManifest } from '../manifest/inventory-writer.js';
import { isS3Url } from '../s3/url.js';
import type { JobClients } from './job-clients.js';
import type { JobSpec } from './types.js';

/** A `generate` job's listing, kept as an inventory manifest. */
export interface GeneratedManifest {
  /** The job as it runs: its manifest is the written inventory manifest. */
  readonly spec: JobSpec;
  readonly manifestLocation: string;
  readonly rows: number;
  /** The written `manifest.json`'s ETag, when it went to S3. */
  readonly manifestETag?: string;
}

/**
 * List the bucket once and write what matched as an S3 Inventory manifest (the spec's `output`,
 * else `generated-manifest/` in the job's store), then run the job from that file. A listing
 * changes as the bucket does; the written manifest does not, so task ids stay stable and a resume
 * neither loses nor repeats a task.
 */
export async function materialiseGeneratedManifest(
  spec: JobSpec,
  storeLocation: string,
  clients: Pick<JobClients, 'control'>,
): Promise<GeneratedManifest> {
  const input = spec.manifest;
  if (input.format !== 'generate') return { spec, manifestLocation: '', rows: 0 };
  const output =
    input.output ??
    (isS3Url(storeLocation)
      ? `${storeLocation.replace(/\/?$/, '/')}generated-manifest/`
      : join(storeLocation, 'generated-manifest'));
  const written = await writeInventoryManifest(
    generateManifest(input, {
      s3: clients.control.source,
      ...(spec.aws.expectedSourceBucketOwner
        ? { expectedBucketOwner: spec.aws.expectedSourceBucketOwner }
        : {}),
    }),
    // Written with the client the job then reads its manifest with.
    { output, s3: clients.control.source, sourceBucket: input.bucket },
  );
  return {
    spec: { ...spec, manifest: { format: 'inventory', location: written.manifestLocation } },
    manifestLocation: written.manifestLocation,
    rows: written.rows,
    ...(written.manifestETag ? { manifestETag: written.manifestETag } : {}),
  };
}
