import { Args, Flags } from '@oclif/core';
import {
  progressOf,
  describeBatchOperationsJob,
  watchBatchOperationsJob,
  type BatchOperationsProgress,
} from '@s3bulk/core';
import { BatchOpsCommand } from '../../batchops/batchops-command.js';
import { describeOutcome, describeProgress } from '../../batchops/render.js';
import { EXIT } from '../../exit-codes.js';

export default class BatchOpsDescribe extends BatchOpsCommand {
  static override summary = 'Show the status and progress of an S3 Batch Operations job.';

  static override description = `Prints the job's status and task counters. With --watch it polls until the job is Complete, Failed or Cancelled, printing a line whenever something changed; the exit code is then 0 for Complete with no failed task, 3 for Complete with failed tasks, and 4 for Failed or Cancelled.`;

  static override examples = [
    { description: 'One look:', command: '<%= config.bin %> <%= command.id %> 6b9e3c1a-...' },
    {
      description: 'Follow a job to its end, polling every 10 seconds:',
      command: '<%= config.bin %> <%= command.id %> 6b9e3c1a-... --watch --interval 10',
    },
  ];

  static override args = { jobId: Args.string({ description: 'The job id.', required: true }) };

  static override flags = {
    watch: Flags.boolean({ char: 'w', summary: 'Poll until the job reaches a terminal state.' }),
    interval: Flags.integer({ summary: 'Seconds between polls with --watch.', default: 5, min: 1 }),
  };

  async run(): Promise<BatchOperationsProgress> {
    const { args, flags } = await this.parse(BatchOpsDescribe);
    const plane = this.controlPlane(flags);
    try {
      const accountId = await plane.accountId(flags['account-id']);
      const control = await plane.s3Control();
      if (!flags.watch) {
        const progress = progressOf(
          await describeBatchOperationsJob(control, accountId, args.jobId),
        );
        for (const line of describeOutcome(progress)) this.log(line);
        return progress;
      }
      const stop = new AbortController();
      const onSigint = () => stop.abort();
      process.once('SIGINT', onSigint);
      let last: BatchOperationsProgress | undefined;
      let lastLine = '';
      try {
        for await (const progress of watchBatchOperationsJob(control, accountId, args.jobId, {
          intervalMs: flags.interval * 1000,
          signal: stop.signal,
        })) {
          last = progress;
          const line = describeProgress(progress);
          if (line !== lastLine && !progress.terminal) this.logToStderr(line);
          lastLine = line;
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      if (!last) throw new Error('no job state');
      for (const line of describeOutcome(last)) this.log(line);
      process.exitCode = !last.terminal
        ? EXIT.interrupted
        : last.status !== 'Complete'
          ? EXIT.jobFailed
          : last.failed > 0
            ? EXIT.tasksFailed
            : EXIT.ok;
      return last;
    } finally {
      plane.destroy();
    }
  }
}
