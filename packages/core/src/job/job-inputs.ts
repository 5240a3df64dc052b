import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsSettings } from '../config/types.js';
import { ManifestError } from '../errors.js';
import { validateManifest, type ManifestValidation } from '../manifest/open-manifest.js';
import {
  resolveManifestSpec,
  type FormatGuess,
  type ManifestGiven,
} from '../manifest/guess-format.js';
import type { ManifestSpec } from '../manifest/types.js';
import { createS3Client } from '../s3/client.js';
import { isS3Url } from '../s3/url.js';
import { sideOf } from './job-clients.js';
import { readJobSpec } from './job-spec.js';
import type { JobSpecDraft } from './types.js';

/** A short-lived source-side client with SDK retries, for reading one input before a job runs. */
async function withSourceClient<T>(
  aws: AwsSettings,
  location: string,
  use: (s3: S3Client | undefined) => Promise<T>,
): Promise<T> {
  if (!isS3Url(location)) return use(undefined);
  const s3 = createS3Client({ ...sideOf(aws, 'source'), maxSockets: 2, maxAttempts: 3 });
  try {
    return await use(s3);
  } finally {
    s3.destroy();
  }
}

/**
 * A manifest named by an edge, completed by the one rule (`resolveManifestSpec`): format and a
 * header row guessed from the file's first line when not given. Reads `s3://` manifests with
 * the source side's settings.
 */
export function manifestSpecFor(
  given: ManifestGiven,
  aws: AwsSettings,
): Promise<{ readonly spec: ManifestSpec; readonly guess?: FormatGuess }> {
  if (given.format) return resolveManifestSpec(given);
  return withSourceClient(aws, given.location, (s3) =>
    resolveManifestSpec(given, s3 ? { s3 } : {}),
  );
}

/** A job file from a local path or `s3://` (read with the source side's settings), checked. */
export function loadJobSpec(location: string, aws: AwsSettings): Promise<JobSpecDraft> {
  return withSourceClient(aws, location, (s3) => readJobSpec(location, s3 ? { s3 } : {}));
}

/** What `checkManifest` found: the manifest as read (when it could be opened) and every problem. */
export interface ManifestCheck {
  readonly spec?: ManifestSpec;
  readonly guess?: FormatGuess;
  readonly validation: ManifestValidation;
}

/**
 * Read a whole manifest by the one rule, as `manifest validate`, `plan` and `submit` do: a file
 * that cannot be opened or guessed is one problem, not an exception.
 */
export function checkManifest(
  given: ManifestGiven,
  aws: AwsSettings,
  options: { readonly maxErrors?: number; readonly signal?: AbortSignal } = {},
): Promise<ManifestCheck> {
  return withSourceClient(aws, given.location, async (s3) => {
    let resolved;
    try {
      resolved = await resolveManifestSpec(given, s3 ? { s3 } : {});
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      return { validation: unreadable(error) };
    }
    const validation = await validateManifest(resolved.spec, { ...options, ...(s3 ? { s3 } : {}) });
    return { ...resolved, validation };
  });
}

function unreadable(error: ManifestError): ManifestValidation {
  return {
    valid: false,
    rows: 0,
    objects: 0,
    prefixes: 0,
    buckets: 0,
    errors: [error],
    errorCount: 1,
  };
}
