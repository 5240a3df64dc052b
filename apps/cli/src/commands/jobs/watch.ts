import { Args, Flags } from '@oclif/core';
import {
  FINAL_BATCH_STATES,
  describeS3BulkBatchJob,
  type S3BulkBatchJobStatus,
} from '@s3bulk/core';
import { AwsBatchCommand } from '../../aws-batch/aws-batch-command.js';
import { describeJob, describeStatusLine } from '../../aws-batch/render.js';
import { EXIT } from '../../exit-codes.js';

export default class JobsWatch extends AwsBatchCommand {
  static override summary = 'Follow an AWS Batch job of s3bulk until it SUCCEEDED or FAILED.';

  static override description =
    'Polls the job, printing a line to stderr whenever its state, its shards or its object counts change, then the final description. Exit code: 0 SUCCEEDED with no failed object, 3 SUCCEEDED with failed objects, 4 FAILED, 130 interrupted (the job keeps running).';

  static override examples = ['<%= config.bin %> <%= command.id %> 5f0c1e7a-... --interval 10'];

  static override args = {
    jobId: Args.string({ description: 'Batch job id.', required: true }),
  };

  static override flags = {
    interval: Flags.integer({ summary: 'Seconds between polls.', default: 5, min: 1 }),
    checkpoint: Flags.string({
      summary: "Where the workers keep checkpoints (default: the job's)",
    }),
  };

  async run(): Promise<S3BulkBatchJobStatus> {
    const { args, flags } = await this.parse(JobsWatch);
    const plane = this.controlPlane(flags);
    const stop = new AbortController();
    const onSigint = () => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      const batch = await plane.batch();
      const s3 = plane.s3();
      let lastLine = '';
      for (;;) {
        const status = await describeS3BulkBatchJob({
          batch,
          s3,
          jobId: args.jobId,
          ...(flags.checkpoint ? { checkpoint: flags.checkpoint } : {}),
        });
        const line = describeStatusLine(status);
        if (line !== lastLine) this.logToStderr(line);
        lastLine = line;
        const final = FINAL_BATCH_STATES.has(status.job.status);
        if (final || stop.signal.aborted) {
          for (const l of describeJob(status)) this.log(l);
          process.exitCode = !final
            ? EXIT.interrupted
            : status.job.status === 'FAILED'
              ? EXIT.jobFailed
              : (status.progress?.failed ?? 0) > 0
                ? EXIT.tasksFailed
                : EXIT.ok;
          return status;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, flags.interval * 1000);
          stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), {
            once: true,
          });
        });
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
      plane.destroy();
    }
  }
}
