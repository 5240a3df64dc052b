import { join } from 'node:path';
import { generateManifest, writeInventoryManifest, type JobSpec } from '@s3bulk/core';
import { createJobClients } from './clients.js';

/**
 * `--generate`: list the bucket once and write what matched as an S3 Inventory manifest
 * (`--manifest-output`, else `generated-manifest/` in the job folder), then run the job from
 * that file. A listing changes as the bucket does; the written manifest does not, so task ids
 * stay stable and `--resume` neither loses nor repeats a task.
 */
export async function materialiseGeneratedManifest(
  spec: JobSpec,
  jobFolder: string,
  manifestOutput: string | undefined,
): Promise<{ spec: JobSpec; manifestLocation: string; rows: number }> {
  const input = spec.manifest;
  if (input.format !== 'generate') {
    throw new Error('materialiseGeneratedManifest needs a --generate job');
  }
  const clients = createJobClients(spec.aws, 4);
  try {
    const written = await writeInventoryManifest(
      generateManifest(input, {
        s3: clients.source,
        ...(spec.aws.expectedSourceBucketOwner
          ? { expectedBucketOwner: spec.aws.expectedSourceBucketOwner }
          : {}),
      }),
      {
        output: manifestOutput ?? join(jobFolder, 'generated-manifest'),
        // Written with the client the job then reads its manifest with.
        s3: clients.source,
        sourceBucket: input.bucket,
      },
    );
    return {
      spec: { ...spec, manifest: { format: 'inventory', location: written.manifestLocation } },
      manifestLocation: written.manifestLocation,
      rows: written.rows,
    };
  } finally {
    clients.destroy();
  }
}
