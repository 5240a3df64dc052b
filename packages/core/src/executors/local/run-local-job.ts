import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { runJob } from '../../engine/run-job.js';
import type { RunJobOptions } from '../../engine/run-job-options.js';
import type { JobEvent, JobSummary } from '../../engine/types.js';
import type { JobClients } from '../../job/job-clients.js';
import { openJob, type OpenedJob } from '../../job/open-job.js';
import { operationContextOf } from '../../job/job-settings.js';
import type { JobSpec } from '../../job/types.js';
import type { JobStore } from '../../store/types.js';

export interface RunLocalJobOptions {
  /** Abort = graceful stop: no new tasks, in-flight ones finish, ledger flushed. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: JobEvent) => void;
  /** How results are batched into the ledger (see `RunJobOptions.ledger`). */
  readonly ledger?: RunJobOptions['ledger'];
  /** Write the report of a cancelled job too, as S3 Batch Operations does (`s3bulk serve`). */
  readonly reportWhenCancelled?: boolean;
}

/**
 * Run an opened job in this process to its end: the `local` executor. Calling it again on the
 * same store resumes the job (committed work is skipped, prefix rows replay their plans).
 */
export async function runOpenedJob(
  job: OpenedJob,
  options: RunLocalJobOptions = {},
): Promise<JobSummary> {
  return runJob({
    spec: job.spec,
    operation: job.operation,
    manifest: () => job.manifestBatches(),
    context: operationContextOf(job.spec, job.clients),
    store: job.store,
    settings: job.settings,
    reportClient: job.clients.control.destination,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.ledger ? { ledger: options.ledger } : {}),
    ...(options.reportWhenCancelled ? { reportWhenCancelled: true } : {}),
  });
}

/** Open the job (clients, checks, a generated manifest) on `store`, run it, close it. */
export async function runJobSpec(
  spec: JobSpec,
  options: RunLocalJobOptions & {
    readonly store: JobStore | ((clients: JobClients) => JobStore);
    /** Credentials of every client of the job (a `RoleArn`, for `s3bulk serve`). */
    readonly credentials?: AwsCredentialIdentityProvider;
  },
): Promise<JobSummary> {
  const job = await openJob(
    spec,
    options.store,
    options.credentials ? { credentials: options.credentials } : {},
  );
  try {
    return await runOpenedJob(job, options);
  } finally {
    job.close();
  }
}
