import { Flags } from '@oclif/core';
import { DEFAULT_JOBS_DIR } from '@s3bulk/core';

const MANIFEST = 'MANIFEST';
const GENERATE = 'GENERATE (list a bucket instead of reading a manifest)';
const OPERATION = 'OPERATION';
const REPORT = 'REPORT';
const JOB = 'JOB';
const AWS = 'AWS';

/** Flags that define what a job is; `--resume` refuses them when they differ from the job's. */
export const JOB_DEFINING_FLAGS = [
  'manifest',
  'format',
  'header',
  'fields',
  'generate',
  'created-after',
  'created-before',
  'key-prefix',
  'key-suffix',
  'key-substring',
  'min-size',
  'max-size',
  'storage-class',
  'object-encryption',
  'all-versions',
  'manifest-output',
  'operation',
  'operation-file',
  'sync-delete',
  'compare',
  'report',
  'report-scope',
  'source-profile',
  'destination-profile',
  'source-endpoint-url',
  'destination-endpoint-url',
  'multipart-threshold',
  'part-size',
  'expected-bucket-owner',
  'expected-source-bucket-owner',
] as const;

/** Flags that say how a job runs: a resume may change them, a flag beside `--spec` overrides them. */
export const ENGINE_FLAGS = [
  'concurrency',
  'attempt-timeout',
  'failure-threshold-tasks',
  'failure-threshold-percent',
] as const;

/** Flags that override a job file's AWS settings when typed beside `--spec`. */
export const AWS_FLAGS = ['region', 'endpoint-url'] as const;

/** The flags `s3bulk run` and `s3bulk plan` share: one job definition, two commands. */
export const jobFlags = {
  manifest: Flags.string({
    char: 'm',
    summary: 'Manifest to read: a local path or s3://bucket/key (inventory: its manifest.json).',
    helpGroup: MANIFEST,
    exclusive: ['generate'],
  }),
  format: Flags.option({
    options: ['pairs', 'csv', 'inventory'] as const,
    summary: 'Manifest format. Guessed from the file when omitted.',
    helpGroup: MANIFEST,
  })(),
  header: Flags.boolean({
    summary: 'The first row of a pairs or csv manifest is a header.',
    helpGroup: MANIFEST,
  }),
  fields: Flags.string({
    summary: 'Column order of a csv manifest, from Ignore, Bucket, Key, VersionId.',
    description: 'Default Bucket,Key (S3BatchOperations_CSV_20180820).',
    helpGroup: MANIFEST,
  }),
  generate: Flags.string({
    summary: 'Build the manifest by listing s3://bucket[/prefix] (S3JobManifestGenerator).',
    helpGroup: GENERATE,
  }),
  'created-after': Flags.string({
    summary: 'Only objects last modified after this date (ISO 8601).',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'created-before': Flags.string({
    summary: 'Only objects last modified before this date (ISO 8601).',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'key-prefix': Flags.string({
    summary: 'Only keys starting with this.',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'key-suffix': Flags.string({
    summary: 'Only keys ending with this.',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'key-substring': Flags.string({
    summary: 'Only keys containing this.',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'min-size': Flags.string({
    summary: 'Only objects at least this large (bytes or 10MiB-style).',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'max-size': Flags.string({
    summary: 'Only objects at most this large (bytes or 10MiB-style).',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'storage-class': Flags.string({
    summary: 'Only objects in this storage class (repeat the flag for several).',
    multiple: true,
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'object-encryption': Flags.string({
    summary:
      'Only objects encrypted this way: SSES3, SSEKMS[:<key ARN>], DSSEKMS[:<key ARN>], SSEC or NOTSSE (repeat for several). One HEAD per listed object.',
    multiple: true,
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'all-versions': Flags.boolean({
    summary:
      'List every version and delete marker (ListObjectVersions): one row each, with its VersionId.',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  'manifest-output': Flags.string({
    summary:
      'Also write the generated manifest (S3InventoryReport_CSV_20211130) to a dir or s3://.',
    helpGroup: GENERATE,
    dependsOn: ['generate'],
  }),
  operation: Flags.string({
    char: 'o',
    summary: 'The Operation JSON of `aws s3control create-job` (omit for pairs manifests).',
    helpGroup: OPERATION,
    exclusive: ['operation-file'],
  }),
  'operation-file': Flags.string({
    summary: 'Read the Operation JSON from this file.',
    helpGroup: OPERATION,
  }),
  'sync-delete': Flags.boolean({
    summary: 'Pairs prefix rows: also delete destination objects missing at the source.',
    helpGroup: OPERATION,
  }),
  compare: Flags.option({
    options: ['size-and-time', 'checksum'] as const,
    summary:
      'Pairs prefix rows: how an object on both sides is found up to date. Default size-and-time (aws s3 sync); checksum compares same-size objects by checksum (one HEAD per side, a read where none is stored).',
    helpGroup: OPERATION,
  })(),
  'multipart-threshold': Flags.string({
    summary: 'Copy objects larger than this in parts (bytes or 64MiB-style). Default 5GiB.',
    helpGroup: OPERATION,
  }),
  'part-size': Flags.string({
    summary: 'Part size of multipart copies and streamed uploads. Default 64MiB.',
    helpGroup: OPERATION,
  }),
  report: Flags.string({
    char: 'r',
    summary: 'Write the completion report to a local dir or s3://bucket/prefix.',
    helpGroup: REPORT,
  }),
  'report-scope': Flags.option({
    options: ['AllTasks', 'FailedTasksOnly'] as const,
    summary: 'Which tasks the report lists.',
    default: 'AllTasks' as const,
    helpGroup: REPORT,
  })(),
  concurrency: Flags.integer({
    char: 'c',
    summary: 'Tasks in flight at most (and HTTP connections per client). Default 64.',
    min: 1,
    max: 4096,
    helpGroup: JOB,
  }),
  'attempt-timeout': Flags.string({
    summary:
      'Give up one attempt of a task after this long and retry it (500ms, 30s, 5m). Default: no limit (a silent request times out after 120s).',
    helpGroup: JOB,
  }),
  'failure-threshold-tasks': Flags.integer({
    summary:
      'The job fails once at least this many tasks have run and more than --failure-threshold-percent of them failed. Default 1000 (as S3 Batch Operations).',
    min: 1,
    helpGroup: JOB,
  }),
  'failure-threshold-percent': Flags.integer({
    summary:
      'Percent of failed tasks above which the job fails (once --failure-threshold-tasks have run). Default 50; 100 never fails the job.',
    min: 0,
    max: 100,
    helpGroup: JOB,
  }),
  'job-dir': Flags.string({
    summary: 'Folder that holds job folders (spec, ledger, state).',
    default: DEFAULT_JOBS_DIR,
    helpGroup: JOB,
  }),
  resume: Flags.string({
    summary: 'Finish the job with this id from its job folder; the job keeps its own flags.',
    helpGroup: JOB,
    exclusive: ['spec'],
  }),
  spec: Flags.string({
    summary:
      'Run the job file (path or s3://) that `plan --save-spec` wrote; a flag given beside it overrides that field.',
    helpGroup: JOB,
  }),
  'source-profile': Flags.string({
    summary: 'AWS profile for reading sources. Default: the credential chain (AWS_PROFILE).',
    helpGroup: AWS,
  }),
  'destination-profile': Flags.string({
    summary: 'AWS profile for writing destinations. Default: the credential chain.',
    helpGroup: AWS,
  }),
  'source-endpoint-url': Flags.string({
    summary: 'S3 endpoint of the source side (overrides --endpoint-url there).',
    helpGroup: AWS,
  }),
  'destination-endpoint-url': Flags.string({
    summary: 'S3 endpoint of the destination side (overrides --endpoint-url there).',
    helpGroup: AWS,
  }),
  'expected-bucket-owner': Flags.string({
    summary: 'Account id the destination bucket must belong to (ExpectedBucketOwner).',
    helpGroup: AWS,
  }),
  'expected-source-bucket-owner': Flags.string({
    summary:
      'Account id the source bucket must belong to (ExpectedBucketOwner on reads, ExpectedSourceBucketOwner on copies).',
    helpGroup: AWS,
  }),
};

/** The parsed job flags, as `run` and `plan` receive them. */
export interface JobFlags {
  manifest?: string | undefined;
  /** `object` (submit only): the operation runs on the named object itself. */
  format?: 'pairs' | 'csv' | 'inventory' | 'object' | undefined;
  header: boolean;
  fields?: string | undefined;
  generate?: string | undefined;
  'created-after'?: string | undefined;
  'created-before'?: string | undefined;
  'key-prefix'?: string | undefined;
  'key-suffix'?: string | undefined;
  'key-substring'?: string | undefined;
  'min-size'?: string | undefined;
  'max-size'?: string | undefined;
  'storage-class'?: string[] | undefined;
  'object-encryption'?: string[] | undefined;
  'all-versions'?: boolean | undefined;
  'manifest-output'?: string | undefined;
  operation?: string | undefined;
  'operation-file'?: string | undefined;
  'sync-delete': boolean;
  compare?: 'size-and-time' | 'checksum' | undefined;
  'multipart-threshold'?: string | undefined;
  'part-size'?: string | undefined;
  report?: string | undefined;
  'report-scope': 'AllTasks' | 'FailedTasksOnly';
  concurrency?: number | undefined;
  'attempt-timeout'?: string | undefined;
  'failure-threshold-tasks'?: number | undefined;
  'failure-threshold-percent'?: number | undefined;
  'job-dir': string;
  resume?: string | undefined;
  spec?: string | undefined;
  'source-profile'?: string | undefined;
  'destination-profile'?: string | undefined;
  'source-endpoint-url'?: string | undefined;
  'destination-endpoint-url'?: string | undefined;
  'expected-bucket-owner'?: string | undefined;
  'expected-source-bucket-owner'?: string | undefined;
  'endpoint-url'?: string | undefined;
  region?: string | undefined;
}
