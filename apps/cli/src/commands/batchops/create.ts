import { Flags } from '@oclif/core';
import {
  batchOperationsJobOf,
  createBatchOperationsJob,
  DEFAULT_BATCH_PRIORITY,
} from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';
import { createJobSpec, manifestLocation } from '../../batchops/create-input.js';
import { jobFlags } from '../../job/flags.js';

/** What `batchops create --json` prints. */
export interface CreateResult {
  readonly jobId: string;
  readonly accountId: string;
  readonly clientRequestToken: string;
  readonly confirmationRequired: boolean;
  readonly manifest: {
    readonly objectArn: string;
    readonly etag: string;
    readonly uploaded: boolean;
  };
  readonly operation: string;
  /** `native`: S3 Batch Operations runs the operation; `handler`: the s3bulk handler does. */
  readonly route: 'native' | 'handler';
}

export default class BatchOpsCreate extends BatchOpsCommand {
  static override summary = 'Create an Amazon S3 Batch Operations job (the managed service).';

  static override description = `Takes a job file (--spec, as \`s3bulk plan --save-spec\` writes it) or the same --operation, manifest and report flags as \`s3bulk run\`, and hands the job to S3 Batch Operations instead of running it here. A flag given beside --spec overrides that field of the job file. A local manifest is uploaded first (--manifest-upload); a manifest in S3 is used where it is, with its current ETag. Engine settings of a job file do not travel: the service schedules and retries tasks itself.

The job waits in Suspended until \`s3bulk batchops confirm <id>\` unless --no-confirmation-required: check the manifest count in \`batchops describe\` first.

The ClientRequestToken is a hash of the request: running the same create again (after a timeout, say) returns the same job instead of creating a second one. Change anything (priority, description) and it is a new job.

Operations S3 Batch Operations does not have (S3BulkDelete, S3BulkPairs) run through the s3bulk batch Lambda: deploy it (apps/infra) and pass --function-arn <its ARN>; the operation travels in UserArguments (schema 2.0). Refused, with the reason: DynamoDbImport (it imports CSV rows, not objects), pairs and generated manifests, manifests with a header row, local reports.`;

  static override examples = [
    {
      description: 'The job file s3bulk plan --save-spec wrote, with a higher priority:',
      command: `<%= config.bin %> <%= command.id %> --spec job.json --role-arn arn:aws:iam::123456789012:role/S3BatchOps --priority 50`,
    },
    {
      description: 'Tag every object of a CSV manifest already in S3, with a report of failures:',
      command: `<%= config.bin %> <%= command.id %> --manifest s3://manifests/tag.csv --operation '{"S3PutObjectTagging":{"TagSet":[{"Key":"team","Value":"data"}]}}' --report s3://reports/batch --report-scope FailedTasksOnly --role-arn arn:aws:iam::123456789012:role/S3BatchOps`,
    },
    {
      description:
        'Upload a local versioned manifest, restore from Glacier, start without confirmation:',
      command: `<%= config.bin %> <%= command.id %> --manifest objects.csv --fields Bucket,Key,VersionId --manifest-upload s3://manifests/jobs --operation-file restore.json --role-arn arn:aws:iam::123456789012:role/S3BatchOps --no-confirmation-required --priority 50`,
    },
    {
      description: "Run s3bulk's own S3BulkDelete through the deployed s3bulk Lambda:",
      command: `<%= config.bin %> <%= command.id %> --manifest s3://manifests/old.csv --operation '{"S3BulkDelete":{}}' --function-arn arn:aws:lambda:us-east-1:123456789012:function:s3bulk-batch --role-arn arn:aws:iam::123456789012:role/S3BatchOps`,
    },
  ];

  static override flags = {
    spec: Flags.string({
      summary:
        'Job file (local path or s3://bucket/key); flags given beside it override its fields.',
      helpGroup: 'JOB',
    }),
    manifest: Flags.string({
      char: 'm',
      summary: 'Manifest: s3://bucket/key, or a local file with --manifest-upload.',
      helpGroup: 'MANIFEST',
    }),
    format: Flags.option({
      options: ['csv', 'inventory'] as const,
      summary:
        'Manifest format: csv (S3BatchOperations_CSV_20180820) or an S3 Inventory manifest.json.',
      default: 'csv' as const,
      helpGroup: 'MANIFEST',
    })(),
    fields: jobFlags.fields,
    'manifest-upload': Flags.string({
      summary: 'Upload a local --manifest under this s3://bucket/prefix first.',
      helpGroup: 'MANIFEST',
    }),
    operation: Flags.string({
      char: 'o',
      summary: 'The Operation JSON of `aws s3control create-job`.',
      helpGroup: 'OPERATION',
      exclusive: ['operation-file'],
    }),
    'operation-file': jobFlags['operation-file'],
    'function-arn': Flags.string({
      summary:
        'Run the operation in the deployed s3bulk handler with this ARN (LambdaInvoke, schema 2.0).',
      aliases: ['via-lambda'],
      helpGroup: 'OPERATION',
    }),
    report: Flags.string({
      char: 'r',
      summary: 'Completion report location: s3://bucket/prefix. Omit for no report.',
      helpGroup: 'REPORT',
    }),
    'report-scope': jobFlags['report-scope'],
    'role-arn': Flags.string({
      summary: 'IAM role S3 Batch Operations assumes (trusts batchoperations.s3.amazonaws.com).',
      required: true,
      helpGroup: 'JOB',
    }),
    priority: Flags.integer({
      summary: `Higher runs first. Default ${DEFAULT_BATCH_PRIORITY}.`,
      min: 0,
      max: 2147483647,
      default: DEFAULT_BATCH_PRIORITY,
      helpGroup: 'JOB',
    }),
    description: Flags.string({
      summary: 'Shown in the console and `batchops list`.',
      helpGroup: 'JOB',
    }),
    'confirmation-required': Flags.boolean({
      summary:
        'Wait in Suspended for `batchops confirm` (--no-confirmation-required to start at once).',
      default: true,
      allowNo: true,
      helpGroup: 'JOB',
    }),
    'expected-bucket-owner': jobFlags['expected-bucket-owner'],
  };

  async run(): Promise<CreateResult> {
    const { flags } = await this.parse(BatchOpsCreate);
    const { spec, overridden } = await createJobSpec(flags, this.argv, (note) =>
      this.logToStderr(note),
    );
    // Reads or uploads the manifest with the job file's source side (endpoint, region, profile).
    const plane = this.controlPlane(flags, spec.aws);
    try {
      const s3 = plane.s3();
      const control = await plane.s3Control();
      if (overridden.length > 0) {
        this.logToStderr(`Job file ${flags.spec}, with ${overridden.join(', ')} over its fields.`);
      }
      const functionArn = flags['function-arn'];
      const job = batchOperationsJobOf(spec, functionArn ? { functionArn } : {});
      for (const field of job.notCarried) this.logToStderr(`Not carried: ${field}.`);
      const accountId = await plane.accountId(flags['account-id']);
      const { uploaded, ...manifest } = await manifestLocation(s3, job.manifest, {
        upload: flags['manifest-upload'],
        expectedBucketOwner: spec.aws.expectedBucketOwner,
      });
      if (uploaded)
        this.logToStderr(`Uploaded the manifest to s3://${manifest.bucket}/${manifest.key}.`);
      const created = await createBatchOperationsJob(control, {
        accountId,
        operation: job.operation,
        manifest,
        ...(job.report ? { report: job.report } : {}),
        roleArn: flags['role-arn'],
        priority: flags.priority,
        ...(flags.description ? { description: flags.description } : {}),
        confirmationRequired: flags['confirmation-required'],
      });
      this.log(created.jobId);
      if (flags['confirmation-required']) {
        this.logToStderr(
          `Job ${created.jobId} will wait for confirmation: s3bulk batchops describe ${created.jobId} --watch, then s3bulk batchops confirm ${created.jobId}`,
        );
      }
      return {
        jobId: created.jobId,
        accountId,
        clientRequestToken: created.clientRequestToken,
        confirmationRequired: flags['confirmation-required'],
        manifest: {
          objectArn: `arn:aws:s3:::${manifest.bucket}/${manifest.key}`,
          etag: manifest.etag,
          uploaded,
        },
        operation: Object.keys(job.operation)[0] ?? '',
        route: job.route,
      };
    } finally {
      plane.destroy();
    }
  }
}
