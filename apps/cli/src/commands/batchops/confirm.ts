import { Args } from '@oclif/core';
import { confirmBatchOperationsJob } from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';

export default class BatchOpsConfirm extends BatchOpsCommand {
  static override summary = 'Confirm a Suspended S3 Batch Operations job so it runs.';

  static override examples = [
    {
      description: 'Check the task count, then let the job run:',
      command:
        '<%= config.bin %> batchops describe 6b9e3c1a-... && <%= config.bin %> <%= command.id %> 6b9e3c1a-...',
    },
  ];

  static override args = { jobId: Args.string({ description: 'The job id.', required: true }) };

  async run(): Promise<{ jobId: string; status: string }> {
    const { args, flags } = await this.parse(BatchOpsConfirm);
    const plane = this.controlPlane(flags);
    try {
      const accountId = await plane.accountId(flags['account-id']);
      const control = await plane.s3Control();
      const status = await confirmBatchOperationsJob(control, accountId, args.jobId);
      this.log(`Job ${args.jobId}: ${status}`);
      return { jobId: args.jobId, status };
    } finally {
      plane.destroy();
    }
  }
}
