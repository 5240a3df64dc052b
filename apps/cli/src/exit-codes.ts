/** Exit codes of `s3bulk`: a contract scripts rely on (see `s3bulk run --help`). */
export const EXIT = {
  /** Every task succeeded. */
  ok: 0,
  /** Unexpected internal error. */
  internal: 1,
  /** Bad usage or input: flags, manifest (with file:line), operation JSON. */
  usage: 2,
  /** The job finished, but some tasks failed (see the report). */
  tasksFailed: 3,
  /** The job failed: the failure threshold was crossed. */
  jobFailed: 4,
  /** Interrupted (Ctrl-C); the job can be resumed. */
  interrupted: 130,
} as const;
