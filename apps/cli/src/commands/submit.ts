import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Flags } from '@oclif/core';
import {
  ConfigError,
  ENV,
  assertJobId,
  MAX_SHARDS,
  formatS3Url,
  isS3Url,
  parseOperation,
  parseS3Url,
  submitAwsBatchJob,
  validateCsvFields,
} from '@s3bulk/core';
import { AwsBatchCommand } from '../aws-batch/aws-batch-command.js';
import { readOperationJson } from '../job/operation-input.js';

/** The `--json` contract of `s3bulk submit`. */
export interface SubmitResult {
  readonly jobId: string;
  readonly jobName: string;
  readonly shards: number;
  /** Where the workers read the manifest. */
  readonly manifest: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

const WORKER = 'WORKER';

export default class Submit extends AwsBatchCommand {
  static override summary = 'Run a job on AWS Batch: an array job of N workers over one manifest.';

  static override description = `Uploads a local manifest to S3 (--manifest-upload), then submits the job to an AWS Batch queue whose job definition runs the s3bulk worker image (apps/worker). The job gets the parameters s3_bucket and s3_key (the manifest, as in the EventBridge pattern) and the worker's settings as container environment overrides. With --shards N it is an array job: child i of N reads only its share of the manifest (byte ranges of a CSV, data files of an inventory, key-space slices of a prefix row). Progress checkpoints live in S3, so a retried attempt resumes.

Follow the job with \`s3bulk jobs watch <jobId>\`; build the combined report with \`s3bulk jobs report <jobId>\` if no worker did.`;

  static override examples = [
    {
      description: 'Copy/sync the pairs of a local CSV with 20 workers, reporting to S3:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header --sync-delete --manifest-upload s3://ops/manifests/ --job-queue s3bulk --job-definition s3bulk-worker --shards 20 --report s3://ops/reports/',
    },
    {
      description: 'Import a CSV already in S3 into DynamoDB (the file is the only object):',
      command: `<%= config.bin %> <%= command.id %> --manifest s3://in/users.csv --format object --operation '{"DynamoDbImport":{"TableName":"users"}}' --job-queue q --job-definition d`,
    },
  ];

  static override flags = {
    manifest: Flags.string({
      char: 'm',
      summary: 'Manifest: a local file (uploaded) or s3://bucket/key.',
      required: true,
    }),
    format: Flags.option({
      options: ['pairs', 'csv', 'inventory', 'object'] as const,
      default: 'pairs' as const,
      summary: 'Manifest format; "object" runs the operation on the named object itself.',
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
      summary: 'Resume an earlier job (its Batch job id): workers skip what its checkpoints hold.',
      helpGroup: WORKER,
    }),
  };

  async run(): Promise<SubmitResult> {
    const { flags } = await this.parse(Submit);
    if (flags.format === 'inventory' && !isS3Url(flags.manifest)) {
      throw new ConfigError(
        '--format inventory needs the manifest.json in S3 (s3://...): its data files are read from there',
      );
    }
    const operationJson = await this.operationOf(flags);
    if (flags.fields) validateCsvFields(flags.fields.split(',').map((f) => f.trim()));
    for (const [name, value] of [
      ['report', flags.report],
      ['checkpoint', flags.checkpoint],
    ] as const) {
      if (value !== undefined && !isS3Url(value)) {
        throw new ConfigError(`--${name} must be an s3:// URL: workers run far from this machine`);
      }
    }
    const s3 = this.s3Client(flags);
    const batch = await this.batchClient(flags);
    try {
      const manifest = await this.manifestInS3(s3, flags.manifest, flags['manifest-upload']);
      const environment: Record<string, string> = {
        [ENV.manifestFormat]: flags.format,
        [ENV.shards]: String(flags.shards),
        ...(operationJson ? { [ENV.operation]: JSON.stringify(operationJson) } : {}),
        ...(flags.fields ? { [ENV.manifestFields]: flags.fields } : {}),
        ...(flags.report ? { [ENV.report]: flags.report } : {}),
        ...(flags['report-scope'] ? { [ENV.reportScope]: flags['report-scope'] } : {}),
        ...(flags.checkpoint ? { [ENV.checkpoint]: flags.checkpoint } : {}),
        ...(flags.concurrency ? { [ENV.concurrency]: String(flags.concurrency) } : {}),
        ...(flags.resume ? { [ENV.jobId]: assertJobId(flags.resume) } : {}),
      };
      const submitted = await submitAwsBatchJob(batch, {
        jobName:
          flags['job-name'] ?? `s3bulk-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`,
        jobQueue: flags['job-queue'],
        jobDefinition: flags['job-definition'],
        shards: flags.shards,
        manifest,
        environment,
        // The seed's command: <bucket> <key> <header> <sync_delete>, bucket and key by reference.
        command: [
          'Ref::s3_bucket',
          'Ref::s3_key',
          flags.header ? 'True' : 'False',
          flags['sync-delete'] ? 'True' : 'False',
        ],
        ...(flags.attempts ? { attempts: flags.attempts } : {}),
      });
      const result: SubmitResult = {
        jobId: submitted.jobId,
        jobName: submitted.jobName,
        shards: submitted.shards,
        manifest: formatS3Url(manifest.bucket, manifest.key),
        jobQueue: flags['job-queue'],
        jobDefinition: flags['job-definition'],
      };
      this.log(submitted.jobId);
      this.logToStderr(
        `Submitted ${submitted.jobName} (${submitted.shards} ${submitted.shards === 1 ? 'worker' : 'shards'}) over ${result.manifest}.\nFollow it: s3bulk jobs watch ${submitted.jobId}`,
      );
      return result;
    } finally {
      s3.destroy();
      batch.destroy();
    }
  }

  /** The operation JSON, checked here so a typo fails now, not in N containers. */
  private async operationOf(flags: {
    format: string;
    operation?: string | undefined;
    'operation-file'?: string | undefined;
    'sync-delete': boolean;
  }): Promise<Record<string, unknown> | undefined> {
    const pairs = flags.format === 'pairs';
    if (pairs && !flags.operation && !flags['operation-file']) return undefined;
    const json = await readOperationJson({
      operation: flags.operation,
      operationFile: flags['operation-file'],
      syncDelete: flags['sync-delete'],
      pairs,
    });
    parseOperation(json);
    return json;
  }

  private async manifestInS3(
    s3: S3Client,
    manifest: string,
    upload: string | undefined,
  ): Promise<{ bucket: string; key: string }> {
    if (isS3Url(manifest)) {
      const { bucket, key } = parseS3Url(manifest);
      if (key === '' || key.endsWith('/'))
        throw new ConfigError(`--manifest ${manifest} names no object`);
      return { bucket, key };
    }
    if (!upload) {
      throw new ConfigError(
        `--manifest ${manifest} is a local file: give --manifest-upload s3://bucket/prefix/ so the workers can read it`,
      );
    }
    let body: Buffer;
    try {
      body = await readFile(manifest);
    } catch (error) {
      throw new ConfigError(`--manifest: cannot read ${manifest}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const { bucket, key: prefix } = parseS3Url(upload);
    const key = `${prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`}${basename(manifest)}`;
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/csv' }),
    );
    this.logToStderr(`Uploaded ${manifest} to ${formatS3Url(bucket, key)}.`);
    return { bucket, key };
  }
}
