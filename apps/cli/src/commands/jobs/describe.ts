import { Args, Flags } from '@oclif/core';
import { describeS3BulkBatchJob, type S3BulkBatchJobStatus } from '@s3bulk/core';
import { AwsBatchCommand } from '../../aws-batch/aws-batch-command.js';
import { describeJob } from '../../aws-batch/render.js';

export default class JobsDescribe extends AwsBatchCommand {
  static override summary = 'Show an AWS Batch job of s3bulk: its state, its shards, its objects.';

  static override description =
    "Batch's view (state, and for an array job its children by state) with s3bulk's (objects succeeded and failed so far, added up from the shards' checkpoints in S3). A child `<jobId>:<index>` shows its own shard.";

  static override examples = [
    '<%= config.bin %> <%= command.id %> 5f0c1e7a-...',
    '<%= config.bin %> <%= command.id %> 5f0c1e7a-... --json',
  ];

  static override args = {
    jobId: Args.string({
      description: 'Batch job id (or `<jobId>:<index>` for one child).',
      required: true,
    }),
  };

  static override flags = {
    checkpoint: Flags.string({
      summary:
        "Where the workers keep checkpoints (s3://...) (default: the job's S3BULK_CHECKPOINT)",
    }),
  };

  async run(): Promise<S3BulkBatchJobStatus> {
    const { args, flags } = await this.parse(JobsDescribe);
    const plane = this.controlPlane(flags);
    try {
      const batch = await plane.batch();
      const s3 = plane.s3();
      const status = await describeS3BulkBatchJob({
        batch,
        s3,
        jobId: args.jobId,
        ...(flags.checkpoint ? { checkpoint: flags.checkpoint } : {}),
      });
      for (const line of describeJob(status)) this.log(line);
      return status;
    } finally {
      plane.destroy();
    }
  }
}
