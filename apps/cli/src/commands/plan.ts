import { Flags } from '@oclif/core';
import { S3BulkCommand } from '../base-command.js';
import { jobFlags } from '../job/flags.js';
import { resolve } from 'node:path';
import { formatJobSpec, openJob, planJob, writeFileAtomic, type JobPlan } from '@s3bulk/core';
import { EXIT } from '../exit-codes.js';
import { prepareJob } from '../job/prepare-job.js';
import { describeEstimate } from '../render/estimate-view.js';

export default class Plan extends S3BulkCommand {
  static override summary = 'Show what `s3bulk run` would do with the same flags, doing nothing.';

  static override description = `Reads the manifest and expands it into tasks exactly as \`run\` would: prefix rows of a pairs manifest list both sides and count the copies (missing, different size, or newer at the source) and, with --sync-delete, the deletes. Prints the number of tasks per action, why sync tasks would run (missing at destination, size differs, newer at source, missing at source), and the first tasks. A prefix row that cannot be listed (a missing bucket, a refused endpoint) is shown as a task that would fail (action \`fail\`, with the manifest's file:line and the URL), as \`run\` reports it; plan then exits with 3, as \`run\` would. Nothing is written: no job folder, no report, no object. With --resume, shows what is left of an interrupted job.

Then an estimate of what the job costs: the S3 requests its tasks make, by type (LIST, COPY, PUT, POST, GET, HEAD, DELETE, and Lambda invocations) and by API call, counted from each operation's own rule (a copy above --multipart-threshold is Create + one UploadPartCopy per part + Complete; a sync lists 1,000 keys a page; deletes go 1,000 to a DeleteObjects); the object bytes and the bytes through this process ("bytes unknown" where the manifest gives no size); and the price of running it in-process (requests), on AWS Batch (requests plus Fargate time at the rate measured in bench/results/latest.md) and as an S3 Batch Operations job (its fees, requests and Lambda), from the price table in the repo for --region (the region the clients resolve otherwise). A price part the table has no figure for is shown as "no figure" and the total as a lower bound (">="). With --json, the same as the "estimate" object. See docs/cost.md.

Takes the same flags as \`s3bulk run\` (see \`s3bulk run --help\`).`;

  static override examples = [
    {
      description: 'How many objects a pairs sync would copy and delete:',
      command: '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header --sync-delete',
    },
    {
      description: 'How many objects a bucket listing with filters matches, as JSON:',
      command:
        '<%= config.bin %> <%= command.id %> --generate s3://logs/2025/ --min-size 1MiB --operation \'{"S3PutObjectTagging":{"TagSet":[]}}\' --json',
    },
    {
      description:
        'Save the job as a job file, to run later with `s3bulk run --spec`, `submit --spec` or `batchops create --spec`:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --sync-delete --report s3://reports/x --save-spec job.json',
    },
    {
      description:
        'What the job would cost in eu-west-1 in each executor, as JSON (the "estimate" object):',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header --region eu-west-1 --show 0 --json',
    },
    {
      description: 'What is left of an interrupted job:',
      command: '<%= config.bin %> <%= command.id %> --resume 20261122-031500-1a2b3c4d',
    },
  ];

  static override flags = {
    ...jobFlags,
    'save-spec': Flags.string({
      summary:
        'Write the job file `run --spec`, `submit --spec` and `batchops create --spec` run (JSON; see docs/job-file.md).',
      helpGroup: 'JOB',
      exclusive: ['resume'],
    }),
    show: Flags.integer({
      summary: 'How many of the first tasks to list.',
      default: 10,
      min: 0,
    }),
  };

  async run(): Promise<JobPlan> {
    const { flags } = await this.parse(Plan);
    const note = (message: string) => this.logToStderr(message);
    const prepared = await prepareJob(flags, this.argv, note);
    const job = await openJob(prepared.spec, prepared.store, {
      materialise: false,
      checkCredentials: false,
    });
    let plan: JobPlan;
    try {
      plan = await planJob(job, { show: flags.show });
    } finally {
      job.close();
    }
    const saveTo = flags['save-spec'] ? resolve(flags['save-spec']) : undefined;
    // The job file carries no id: each `run --spec` of it is a new job.
    if (saveTo && prepared.draft) await writeFileAtomic(saveTo, formatJobSpec(prepared.draft));

    this.log(`Plan: ${plan.operation} over the ${plan.manifest}`);
    if (prepared.resumed) this.log(`Job ${plan.jobId}: ${plan.alreadyDone} tasks already done.`);
    this.log(`${plan.total} tasks${prepared.resumed ? ' left' : ''}:`);
    for (const [action, count] of Object.entries(plan.actions)) {
      this.log(`  ${action.padEnd(24)} ${count}`);
    }
    for (const [reason, count] of Object.entries(plan.reasons)) {
      this.log(`    ${reason.padEnd(22)} ${count}`);
    }
    if (plan.tasks.length > 0) {
      this.log(`First ${plan.tasks.length}:`);
      for (const task of plan.tasks) {
        const target = task.destination ? ` -> ${task.destination}` : '';
        const reason = task.reason ? `  (${task.reason})` : '';
        const error = task.error ? `  ${task.error}` : '';
        this.log(`  ${task.action.padEnd(10)} ${task.object}${target}${reason}${error}`);
      }
    }
    if (plan.failing.length > 0) {
      this.log(
        `${plan.failing.length} task(s) would fail without being tried; run reports them so:`,
      );
      for (const task of plan.failing) this.log(`  ${task.error ?? task.object}`);
    }
    for (const line of describeEstimate(plan.estimate)) this.log(line);
    if (saveTo) {
      this.log(`Wrote the job file ${saveTo}; nothing else was written.`);
      this.log(`Run it with: s3bulk run --spec ${saveTo}`);
    } else {
      this.log('Nothing was written. `s3bulk run` with the same flags does it.');
    }
    // As `run` ends when some tasks failed: a script sees the same outcome before running.
    if (plan.failing.length > 0) process.exitCode = EXIT.tasksFailed;
    return plan;
  }
}
