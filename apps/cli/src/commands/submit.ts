import { Flags } from '@oclif/core';
import { MAX_SHARDS, createJobId, submitShardedJob } from '@s3bulk/core';
import { AwsBatchCommand } from '../aws-batch/aws-batch-command.js';
import { submitSpecFrom } from '../aws-batch/submit-spec.js';

/** The `--json` contract of `s3bulk submit`. */
export interface SubmitResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly shards: number;
  /** Where the workers read the manifest. */
  readonly manifest: string;
  /** The job file the workers run (`S3BULK_SPEC`): beside the checkpoints. */
  readonly spec: string;
  /** The s3bulk job id: the checkpoint folder and the report's `job-<id>/`. */
  readonly s3bulkJobId: string;
  /** Flags typed beside `--spec` that changed its job file (as `batchops create` reports them). */
  readonly overrides: readonly string[];
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

const WORKER = 'WORKER';

export default class Submit extends AwsBatchCommand {
  static override summary = 'Run a job on AWS Batch: an array job of N workers over one manifest.';

  static override description = `Takes the job from flags or from a job file (--spec, written by \`s3bulk plan --save-spec\`; a flag beside --spec overrides that field). Before anything is written it checks the operation, the whole manifest (as \`plan\` reads it), the job queue and the job definition. Then it uploads a local manifest to S3 (--manifest-upload; streamed, multipart when large), writes the job file to <checkpoint>/<job id>/spec.json and submits the job to an AWS Batch queue whose job definition runs the s3bulk worker image (apps/worker). The workers get only the job file's location (S3BULK_SPEC) and the shard count; the job also gets the parameters s3_bucket and s3_key (the manifest, as in the EventBridge pattern). With --shards N it is an array job: child i of N reads only its share of the manifest (byte ranges of a CSV, data files of an inventory, key-space slices of a prefix row). Progress checkpoints live in S3, so a retried attempt resumes.

Follow the job with \`s3bulk jobs watch <jobId>\`; build the combined report with \`s3bulk jobs report <jobId>\` if no worker did.`;

  static override examples = [
    {
      description: 'Copy/sync the pairs of a local CSV with 20 workers, reporting to S3:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header --sync-delete --manifest-upload s3://ops/manifests/ --job-queue s3bulk --job-definition s3bulk-worker --shards 20 --report s3://ops/reports/',
    },
    {
      description: 'Run the job file plan wrote, on 10 workers:',
      command:
        '<%= config.bin %> <%= command.id %> --spec job.json --manifest-upload s3://ops/manifests/ --job-queue s3bulk --job-definition s3bulk-worker --shards 10',
    },
    {
      description: 'Import a CSV already in S3 into DynamoDB (the file is the only object):',
      command: `<%= config.bin %> <%= command.id %> --manifest s3://in/users.csv --format object --operation '{"DynamoDbImport":{"TableName":"users"}}' --job-queue q --job-definition d`,
    },
  ];

  static override flags = {
    spec: Flags.string({
      summary: 'Job file (local path or s3://): the job to run; flags given beside it win.',
    }),
    manifest: Flags.string({
      char: 'm',
      summary: 'Manifest: a local file (uploaded) or s3://bucket/key.',
    }),
    format: Flags.option({
      options: ['pairs', 'csv', 'inventory', 'object'] as const,
      summary:
        'Manifest format (guessed from the file when omitted, as run does); "object" runs the operation on the named object itself.',
    })(),
    header: Flags.boolean({ summary: 'The first row of a pairs or csv manifest is a header.' }),
    fields: Flags.string({ summary: 'Column order of a csv manifest (default Bucket,Key).' }),
    operation: Flags.string({ summary: 'Operation JSON (pairs manifests need none).' }),
    'operation-file': Flags.string({
      summary: 'Read the Operation JSON from this file.',
      exclusive: ['operation'],
    }),
    'sync-delete': Flags.boolean({
      summary: 'Prefix rows of a pairs manifest delete extra destination objects.',
    }),
    'job-queue': Flags.string({
      summary: 'AWS Batch job queue.',
      required: true,
      helpGroup: 'BATCH',
    }),
    'job-definition': Flags.string({
      summary: 'AWS Batch job definition running the s3bulk worker image.',
      required: true,
      helpGroup: 'BATCH',
    }),
    'job-name': Flags.string({
      summary: 'Batch job name (default: s3bulk-<time>)',
      helpGroup: 'BATCH',
    }),
    shards: Flags.integer({
      summary: `Workers (array children), 1 to ${MAX_SHARDS}.`,
      default: 1,
      min: 1,
      max: MAX_SHARDS,
      helpGroup: 'BATCH',
    }),
    attempts: Flags.integer({
      summary: "Attempts per worker (the definition's when omitted).",
      min: 1,
      max: 10,
      helpGroup: 'BATCH',
    }),
    'manifest-upload': Flags.string({
      summary: 'Where a local manifest is uploaded: s3://bucket/prefix/.',
      helpGroup: 'BATCH',
    }),
    report: Flags.string({
      summary: 'Completion report location: s3://bucket/prefix.',
      helpGroup: WORKER,
    }),
    'report-scope': Flags.option({
      options: ['AllTasks', 'FailedTasksOnly'] as const,
      summary: 'Tasks in the report.',
      helpGroup: WORKER,
    })(),
    checkpoint: Flags.string({
      summary:
        'Where workers keep checkpoints: s3://bucket/prefix (default: s3://<manifest bucket>/.s3bulk/checkpoints/)',
      helpGroup: WORKER,
    }),
    concurrency: Flags.integer({
      summary: 'Tasks in flight per worker.',
      min: 1,
      helpGroup: WORKER,
    }),
    resume: Flags.string({
      summary:
        'Resume an earlier job (its s3bulk job id; for jobs submitted before job files, the Batch job id): workers skip what its checkpoints hold.',
      helpGroup: WORKER,
    }),
  };

  async run(): Promise<SubmitResult> {
    const { flags } = await this.parse(Submit);
    const plane = this.controlPlane(flags);
    try {
      const s3 = plane.s3();
      const batch = await plane.batch();
      const { spec, overridden } = await submitSpecFrom(
        flags,
        this.argv,
        flags.resume ?? createJobId(),
        (note) => this.logToStderr(note),
      );
      if (overridden.length > 0) {
        this.logToStderr(`Job file ${flags.spec}, with ${overridden.join(', ')} over its fields.`);
      }
      const submitted = await submitShardedJob(
        {
          spec,
          jobName:
            flags['job-name'] ??
            `s3bulk-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`,
          jobQueue: flags['job-queue'],
          jobDefinition: flags['job-definition'],
          shards: flags.shards,
          ...(flags.attempts ? { attempts: flags.attempts } : {}),
          ...(flags['manifest-upload'] ? { manifestUpload: flags['manifest-upload'] } : {}),
          ...(flags.checkpoint ? { checkpoint: flags.checkpoint } : {}),
        },
        { s3, batch },
        (event) => {
          if (event.type === 'manifest-checked') {
            const { rows, objects, prefixes } = event.validation;
            this.logToStderr(
              `Manifest checked: ${rows} rows (${objects} objects, ${prefixes} prefixes).`,
            );
          } else {
            this.logToStderr(`Uploaded ${event.from} to ${event.location}.`);
          }
        },
      );
      const result: SubmitResult = {
        jobId: submitted.jobId,
        jobName: submitted.jobName,
        shards: submitted.shards,
        manifest:
          submitted.spec.manifest.format === 'generate' ? '' : submitted.spec.manifest.location,
        spec: submitted.specLocation,
        s3bulkJobId: submitted.spec.jobId,
        overrides: overridden,
        jobQueue: flags['job-queue'],
        jobDefinition: flags['job-definition'],
      };
      this.log(submitted.jobId);
      this.logToStderr(
        `Submitted ${submitted.jobName} (${submitted.shards} ${submitted.shards === 1 ? 'worker' : 'shards'}) over ${result.manifest}; job file ${result.spec}.\nFollow it: s3bulk jobs watch ${submitted.jobId}`,
      );
      return result;
    } finally {
      plane.destroy();
    }
  }
}
