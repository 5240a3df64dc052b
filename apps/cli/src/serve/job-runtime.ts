import {
  DEFAULT_ENGINE_SETTINGS,
  LocalJobStore,
  parseOperation,
  verifyManifestObject,
  type JobSpec,
} from '@s3bulk/core';
import { createJobClients } from '../job/clients.js';
import { executeJob } from '../job/execute-job.js';
import { materialiseGeneratedManifest } from '../job/generated-manifest.js';
import type { JobRuntime } from './types.js';

/**
 * The server's jobs run exactly as `s3bulk run` runs them: the same clients, engine, ledger and
 * report; a job whose folder already holds it resumes. The only binding of the server to core.
 */
export const coreJobRuntime: JobRuntime = {
  async prepare(spec, manifestObject) {
    if (!manifestObject) return;
    const clients = createJobClients(spec.aws, 1);
    try {
      await verifyManifestObject(
        clients.source,
        manifestObject,
        spec.aws.expectedSourceBucketOwner,
      );
    } finally {
      clients.destroy();
    }
  },

  async run(spec, options) {
    const store = LocalJobStore.forJob(spec.jobId, options.jobsDir);
    let runnable: JobSpec = spec;
    if (spec.manifest.format === 'generate') {
      // A resumed job reads the manifest its first run wrote: the listing may have changed.
      const stored = await store.readSpec();
      runnable =
        stored ??
        (await materialiseGeneratedManifest(spec, store.location, spec.manifest.output)).spec;
    }
    return executeJob(
      {
        spec: runnable,
        operation: parseOperation(runnable.operation),
        store,
        settings: { ...DEFAULT_ENGINE_SETTINGS, ...runnable.engine },
        resumed: false,
      },
      { signal: options.signal, onEvent: options.onEvent, reportWhenCancelled: true },
    );
  },
};
