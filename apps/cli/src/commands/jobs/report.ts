import { Args, Flags } from '@oclif/core';
import {
  ConfigError,
  ENV,
  checkpointOf,
  combineShardReports,
  describeAwsBatchJob,
  isS3Url,
  s3bulkJobIdOf,
  shardCountOf,
} from '@s3bulk/core';
import { AwsBatchCommand } from '../../aws-batch/aws-batch-command.js';

/** The `--json` contract of `s3bulk jobs report`. */
export interface JobsReportResult {
  readonly jobId: string;
  readonly shards: number;
  /** The combined report's `manifest.json`. */
  readonly reportPath: string;
}

export default class JobsReport extends AwsBatchCommand {
  static override summary =
    "Combine the shards' results of an AWS Batch job into one completion report.";

  static override description =
    "The last worker to finish does this itself when the job has S3BULK_REPORT. Run it when that worker died, or to write the report elsewhere (a local folder works too). Each shard's ledger holds each of its tasks once and shards share none, so the report has every task exactly once, in the S3 Batch Operations format.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> 5f0c1e7a-...',
    '<%= config.bin %> <%= command.id %> 5f0c1e7a-... --report ./reports',
  ];

  static override args = {
    jobId: Args.string({ description: 'Batch job id.', required: true }),
  };

  static override flags = {
    report: Flags.string({
      summary: "Where to write it (s3:// or a folder) (default: the job's S3BULK_REPORT)",
    }),
    'report-scope': Flags.option({
      options: ['AllTasks', 'FailedTasksOnly'] as const,
      summary: 'Tasks in the report.',
    })(),
    checkpoint: Flags.string({
      summary: "Where the workers keep checkpoints (default: the job's)",
    }),
  };

  async run(): Promise<JobsReportResult> {
    const { args, flags } = await this.parse(JobsReport);
    const plane = this.controlPlane(flags);
    try {
      const batch = await plane.batch();
      const s3 = plane.s3();
      const job = await describeAwsBatchJob(batch, args.jobId);
      const location = flags.report ?? job.environment?.[ENV.report];
      if (!location) throw new ConfigError('the job has no S3BULK_REPORT: say where with --report');
      const checkpoint = flags.checkpoint ?? checkpointOf(job);
      if (!checkpoint || !isS3Url(checkpoint)) {
        throw new ConfigError(
          'no checkpoint location known for the job: give --checkpoint s3://...',
        );
      }
      const scope = flags['report-scope'] ?? job.environment?.[ENV.reportScope];
      const shards = shardCountOf(job);
      const reportPath = await combineShardReports({
        s3,
        checkpoint,
        jobId: s3bulkJobIdOf(job),
        shards,
        location,
        ...(scope === 'AllTasks' || scope === 'FailedTasksOnly' ? { scope } : {}),
      });
      this.log(reportPath);
      return { jobId: s3bulkJobIdOf(job), shards, reportPath };
    } finally {
      plane.destroy();
    }
  }
}
