import { Args, Flags } from '@oclif/core';
import { cancelAwsBatchJob, describeAwsBatchJob, type BatchJobState } from '@s3bulk/core';
import { AwsBatchCommand } from '../../aws-batch/aws-batch-command.js';

/** The `--json` contract of `s3bulk jobs cancel`. */
export interface JobsCancelResult {
  readonly jobId: string;
  /** The state the job was in when it was asked to stop. */
  readonly previousStatus: BatchJobState;
  readonly reason: string;
}

export default class JobsCancel extends AwsBatchCommand {
  static override summary = 'Stop an AWS Batch job of s3bulk (every child of an array job).';

  static override description =
    'Jobs not yet started are cancelled; running workers get SIGTERM, stop taking tasks and flush their checkpoint, so `s3bulk submit ... --resume <jobId>` later finishes the job without redoing what was done. A job already SUCCEEDED or FAILED is left as it is.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> 5f0c1e7a-... --reason "wrong bucket"',
  ];

  static override args = {
    jobId: Args.string({ description: 'Batch job id.', required: true }),
  };

  static override flags = {
    reason: Flags.string({
      summary: 'Why (shown as the status reason).',
      default: 'cancelled with s3bulk jobs cancel',
    }),
  };

  async run(): Promise<JobsCancelResult> {
    const { args, flags } = await this.parse(JobsCancel);
    const plane = this.controlPlane(flags);
    try {
      const batch = await plane.batch();
      const job = await describeAwsBatchJob(batch, args.jobId);
      if (job.status !== 'SUCCEEDED' && job.status !== 'FAILED') {
        await cancelAwsBatchJob(batch, args.jobId, flags.reason);
        this.log(`Asked ${job.jobName} (${args.jobId}) to stop; it was ${job.status}.`);
      } else {
        this.log(`${job.jobName} (${args.jobId}) already ${job.status}; nothing to stop.`);
      }
      return { jobId: args.jobId, previousStatus: job.status, reason: flags.reason };
    } finally {
      plane.destroy();
    }
  }
}
