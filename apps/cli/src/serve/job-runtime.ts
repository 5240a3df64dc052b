import {
  LocalJobStore,
  assumeRoleCredentials,
  isS3Url,
  openJob,
  prepareManifest,
  runJobSpec,
  verifyManifestObject,
  type JobSpec,
} from '@s3bulk/core';
import type { JobAccess, JobRuntime } from './types.js';

/**
 * The server's jobs run exactly as `s3bulk run` runs them (`runJobSpec`: the same clients,
 * engine, ledger and report); a job whose folder already holds it resumes. The only binding of
 * the server to core.
 */
export const coreJobRuntime: JobRuntime = {
  async prepare(spec, options) {
    const store = LocalJobStore.forJob(spec.jobId, options.jobsDir);
    // Preparing: the role, the clients, the region, the report location, a generator's listing.
    const credentials = roleOf(spec, options);
    const job = await openJob(spec, store, credentials ? { credentials } : {});
    try {
      if (options.manifestObject) {
        await verifyManifestObject(
          job.clients.control.source,
          options.manifestObject,
          spec.aws.expectedSourceBucketOwner,
        );
      }
      // The service counts the tasks before it asks for confirmation; a bad row fails it here.
      const { objectEntries } = await prepareManifest(job.manifestBatches(), job.operation);
      // The listing is kept with the job: it runs what was counted, not a newer listing.
      if (job.generated) await store.writeSpec(job.spec);
      // Only a manifest written to S3 has an ObjectArn and ETag to describe.
      const { manifestLocation: location = '', manifestETag: etag } = job.generated ?? {};
      return {
        total: objectEntries,
        ...(isS3Url(location) && etag ? { generatedManifest: { location, etag } } : {}),
      };
    } finally {
      job.close();
      await store.close?.();
    }
  },

  async run(spec, options) {
    const store = LocalJobStore.forJob(spec.jobId, options.jobsDir);
    // A generated job runs the manifest Preparing listed (or its first run did), not a new one.
    const stored = await store.readSpec();
    const credentials = roleOf(spec, options);
    return runJobSpec(stored ?? spec, {
      store,
      signal: options.signal,
      onEvent: options.onEvent,
      reportWhenCancelled: true,
      ...(credentials ? { credentials } : {}),
    });
  },
};

/** The job's role as the credentials of all its clients, through the STS the spec names. */
function roleOf(
  spec: JobSpec,
  access: JobAccess,
): ReturnType<typeof assumeRoleCredentials> | undefined {
  if (!access.roleArn) return undefined;
  return assumeRoleCredentials({
    roleArn: access.roleArn,
    // At most 64 characters: CloudTrail shows which job a call came from.
    sessionName: `s3bulk-serve-${spec.jobId}`.slice(0, 64),
    ...(spec.aws.region ? { region: spec.aws.region } : {}),
    ...(spec.aws.endpoints?.sts ? { stsEndpoint: spec.aws.endpoints.sts } : {}),
  });
}
