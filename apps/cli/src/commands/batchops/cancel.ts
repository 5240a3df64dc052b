import { Args, Flags } from '@oclif/core';
import { cancelBatchOperationsJob } from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';

export default class BatchOpsCancel extends BatchOpsCommand {
  static override summary = 'Cancel an S3 Batch Operations job.';

  static override description =
    'Tasks already done stay done; the completion report (if enabled) lists what ran before the cancel.';

  static override examples = [
    {
      description: 'Cancel a job created with the wrong manifest:',
      command: `<%= config.bin %> <%= command.id %> 6b9e3c1a-... --reason 'wrong manifest'`,
    },
  ];

  static override args = { jobId: Args.string({ description: 'The job id.', required: true }) };

  static override flags = {
    reason: Flags.string({ summary: 'Why (kept with the job as StatusUpdateReason).' }),
  };

  async run(): Promise<{ jobId: string; status: string }> {
    const { args, flags } = await this.parse(BatchOpsCancel);
    const plane = this.controlPlane(flags);
    try {
      const accountId = await plane.accountId(flags['account-id']);
      const control = await plane.s3Control();
      const status = await cancelBatchOperationsJob(control, accountId, args.jobId, flags.reason);
      this.log(`Job ${args.jobId}: ${status}`);
      return { jobId: args.jobId, status };
    } finally {
      plane.destroy();
    }
  }
}
