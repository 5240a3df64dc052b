import { LocalJobStore, openJob, runJobSpec, verifyManifestObject } from '@s3bulk/core';
import type { JobRuntime } from './types.js';

/**
 * The server's jobs run exactly as `s3bulk run` runs them (`runJobSpec`: the same clients,
 * engine, ledger and report); a job whose folder already holds it resumes. The only binding of
 * the server to core.
 */
export const coreJobRuntime: JobRuntime = {
  async prepare(spec, manifestObject, jobsDir) {
    // Preparing: the clients, the region, the report location, and the manifest's ETag.
    const job = await openJob(spec, LocalJobStore.forJob(spec.jobId, jobsDir), {
      materialise: false,
    });
    try {
      if (manifestObject) {
        await verifyManifestObject(
          job.clients.control.source,
          manifestObject,
          spec.aws.expectedSourceBucketOwner,
        );
      }
    } finally {
      job.close();
    }
  },

  async run(spec, options) {
    const store = LocalJobStore.forJob(spec.jobId, options.jobsDir);
    // A resumed generated job reads the manifest its first run listed, not a new listing.
    const stored = await store.readSpec();
    return runJobSpec(stored ?? spec, {
      store,
      signal: options.signal,
      onEvent: options.onEvent,
      reportWhenCancelled: true,
    });
  },
};
