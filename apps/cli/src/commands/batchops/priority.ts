import { Args } from '@oclif/core';
import { setBatchOperationsJobPriority } from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';

export default class BatchOpsPriority extends BatchOpsCommand {
  static override summary =
    'Change the priority of an S3 Batch Operations job (higher runs first).';

  static override examples = [
    {
      description: 'Let an urgent restore overtake other jobs:',
      command: '<%= config.bin %> <%= command.id %> 6b9e3c1a-... 100',
    },
  ];

  static override args = {
    jobId: Args.string({ description: 'The job id.', required: true }),
    priority: Args.integer({
      description: 'The new priority (0 to 2147483647).',
      required: true,
      min: 0,
      max: 2147483647,
    }),
  };

  async run(): Promise<{ jobId: string; priority: number }> {
    const { args, flags } = await this.parse(BatchOpsPriority);
    const plane = this.controlPlane(flags);
    try {
      const accountId = await plane.accountId(flags['account-id']);
      const control = await plane.s3Control();
      const priority = await setBatchOperationsJobPriority(
        control,
        accountId,
        args.jobId,
        args.priority,
      );
      this.log(`Job ${args.jobId}: priority ${priority}`);
      return { jobId: args.jobId, priority };
    } finally {
      plane.destroy();
    }
  }
}
