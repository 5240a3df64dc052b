/** Manifest formats a job file names by location (a generated manifest is `generate`). */
export const MANIFEST_FORMAT_NAMES = ['pairs', 'csv', 'inventory'] as const;

/** The version of the job file format this build reads and writes. */
export const JOB_SPEC_VERSION = 1;

/** `$id` of the published JSON Schema (docs/job-spec.schema.json). */
export const JOB_SPEC_SCHEMA_ID = 'https://github.com/s3bulk/s3bulk/docs/job-spec.schema.json';
