import { Flags } from '@oclif/core';
import { listBatchOperationsJobs } from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';

const STATUSES = [
  'Active',
  'Cancelled',
  'Cancelling',
  'Complete',
  'Completing',
  'Failed',
  'Failing',
  'New',
  'Paused',
  'Pausing',
  'Preparing',
  'Ready',
  'Suspended',
] as const;

export interface ListedJob {
  readonly jobId: string;
  readonly status: string;
  readonly operation: string;
  readonly priority?: number;
  readonly createdAt?: string;
  readonly total?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly description?: string;
}

export default class BatchOpsList extends BatchOpsCommand {
  static override summary = 'List the S3 Batch Operations jobs of the account.';

  static override examples = [
    { description: 'Every job:', command: '<%= config.bin %> <%= command.id %>' },
    {
      description: 'Jobs waiting for confirmation or running, as JSON:',
      command: '<%= config.bin %> <%= command.id %> --status Suspended --status Active --json',
    },
  ];

  static override flags = {
    status: Flags.option({
      options: STATUSES,
      multiple: true,
      summary: 'Only jobs in this status (repeatable).',
    })(),
    limit: Flags.integer({ summary: 'At most this many jobs.', min: 1, default: 100 }),
  };

  async run(): Promise<{ jobs: ListedJob[] }> {
    const { flags } = await this.parse(BatchOpsList);
    const plane = this.controlPlane(flags);
    try {
      const accountId = await plane.accountId(flags['account-id']);
      const control = await plane.s3Control();
      const listed = await listBatchOperationsJobs(
        control,
        accountId,
        flags.status ?? [],
        flags.limit,
      );
      const jobs: ListedJob[] = listed.map((j) => ({
        jobId: j.JobId ?? '',
        status: j.Status ?? '',
        operation: j.Operation ?? '',
        ...(j.Priority !== undefined ? { priority: j.Priority } : {}),
        ...(j.CreationTime ? { createdAt: j.CreationTime.toISOString() } : {}),
        ...(j.ProgressSummary?.TotalNumberOfTasks !== undefined
          ? { total: j.ProgressSummary.TotalNumberOfTasks }
          : {}),
        ...(j.ProgressSummary ? { succeeded: j.ProgressSummary.NumberOfTasksSucceeded ?? 0 } : {}),
        ...(j.ProgressSummary ? { failed: j.ProgressSummary.NumberOfTasksFailed ?? 0 } : {}),
        ...(j.Description ? { description: j.Description } : {}),
      }));
      if (jobs.length === 0) this.log('No jobs.');
      for (const j of jobs) {
        const counts =
          j.total !== undefined ? `${j.succeeded ?? 0}+${j.failed ?? 0}/${j.total}` : '';
        this.log(
          [
            j.jobId,
            j.status.padEnd(10),
            j.operation.padEnd(24),
            `p${j.priority ?? ''}`,
            j.createdAt ?? '',
            counts,
            j.description ?? '',
          ]
            .join('  ')
            .trimEnd(),
        );
      }
      return { jobs };
    } finally {
      plane.destroy();
    }
  }
}
