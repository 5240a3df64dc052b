import { Flags } from '@oclif/core';
import { BATCH_JOB_STATES, listAwsBatchJobs, type BatchJobInfo } from '@s3bulk/core';
import { AwsBatchCommand } from '../../aws-batch/aws-batch-command.js';
import { describeListedJob } from '../../aws-batch/render.js';

/** The `--json` contract of `s3bulk jobs list`. */
export interface JobsListResult {
  readonly jobs: readonly BatchJobInfo[];
}

export default class JobsList extends AwsBatchCommand {
  static override summary = 'List the jobs of an AWS Batch queue, newest first.';

  static override description =
    'Array jobs are listed once (their children are summarised by `s3bulk jobs describe`). States: SUBMITTED, PENDING, RUNNABLE, STARTING, RUNNING, SUCCEEDED, FAILED.';

  static override examples = [
    '<%= config.bin %> <%= command.id %> --job-queue s3bulk',
    '<%= config.bin %> <%= command.id %> --job-queue s3bulk --status RUNNING --status RUNNABLE --json',
  ];

  static override flags = {
    'job-queue': Flags.string({ summary: 'AWS Batch job queue.', required: true }),
    status: Flags.option({
      options: BATCH_JOB_STATES,
      multiple: true,
      summary: 'Only jobs in these states (repeatable) (default: every state)',
    })(),
    'name-prefix': Flags.string({ summary: 'Only jobs whose name starts with this.' }),
  };

  async run(): Promise<JobsListResult> {
    const { flags } = await this.parse(JobsList);
    const plane = this.controlPlane(flags);
    try {
      const batch = await plane.batch();
      const jobs = await listAwsBatchJobs(batch, {
        jobQueue: flags['job-queue'],
        ...(flags.status ? { states: flags.status } : {}),
        ...(flags['name-prefix'] ? { namePrefix: flags['name-prefix'] } : {}),
      });
      if (jobs.length === 0) this.logToStderr(`No jobs in ${flags['job-queue']}.`);
      for (const job of jobs) this.log(describeListedJob(job));
      return { jobs };
    } finally {
      plane.destroy();
    }
  }
}
