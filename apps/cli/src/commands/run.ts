import { DEFAULT_JOBS_DIR, openJob, runOpenedJob, type JobSummary } from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { exitCodeOf } from '../job/exit-code.js';
import { jobFlags } from '../job/flags.js';
import { listenForInterrupt } from '../job/interrupt.js';
import { prepareJob, type PreparedJob } from '../job/prepare-job.js';
import { resumeCommand } from '../job/resume.js';
import { createProgressView, progressModeFor } from '../render/progress-view.js';
import { describeSummary, runResultOf, type RunResult } from '../render/summary.js';

export default class Run extends S3BulkCommand {
  static override summary = 'Run one operation over every object of a manifest, and report each.';

  static override description = `Reads the manifest as a stream and runs the operation on each object with bounded concurrency, retrying throttling and 5xx errors with backoff. Every task ends as one row of the completion report (the S3 Batch Operations format) and in the job's ledger under --job-dir, so an interrupted or killed job finishes with --resume: no task lost, none reported twice, committed work not redone.

Manifests: "pairs" (source,destination as s3:// URLs; a URL ending in / is a prefix and the row syncs it like \`aws s3 sync\`), "csv" (S3BatchOperations_CSV_20180820: Bucket,Key[,VersionId], keys URL-encoded), "inventory" (an S3 Inventory manifest.json), or --generate to list a bucket. The format (and a source,destination header row) is guessed when --format is omitted, by the same rule as \`s3bulk manifest validate\`.

Job files: \`s3bulk plan --save-spec job.json\` writes the job the flags describe as one JSON document; \`--spec job.json\` (a path or s3://) runs it, and any flag given beside --spec overrides that field (the start line says which). See docs/job-file.md.

Operations take the Operation JSON of \`aws s3control create-job\` (S3PutObjectCopy, S3PutObjectTagging, ...). Pairs manifests need none.

AWS settings: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL and the credential chain work as usual; a custom endpoint implies path-style addressing. Source and destination may use different profiles or endpoints; the copy then streams through this machine.

Exit codes: 0 every task succeeded; 3 the job finished with failed tasks (see the report); 4 the job failed (more than 50% of at least 1,000 tasks failed; see --failure-threshold-tasks and --failure-threshold-percent); 2 bad usage or input (file:line for manifests, the field for operation JSON); 130 interrupted (resume it).

Ctrl-C stops gracefully: tasks in flight finish, the ledger is flushed, and the command to resume is printed. A second Ctrl-C exits at once; the job still resumes.`;

  static override examples = [
    {
      description:
        'Copy and sync the source,destination pairs of a CSV (prefix rows sync like `aws s3 sync`), deleting extra destination objects:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header --sync-delete --report ./reports',
    },
    {
      description: 'Tag every object of an S3 Batch Operations CSV manifest stored in S3:',
      command: `<%= config.bin %> <%= command.id %> --manifest s3://manifests/tag.csv --operation '{"S3PutObjectTagging":{"TagSet":[{"Key":"team","Value":"data"}]}}'`,
    },
    {
      description:
        'Copy the objects of a versioned CSV manifest to another bucket, report failures to S3:',
      command: `<%= config.bin %> <%= command.id %> --manifest objects.csv --fields Bucket,Key,VersionId --operation-file copy.json --report s3://reports/s3bulk --report-scope FailedTasksOnly`,
    },
    {
      description:
        'Run a job file written by `s3bulk plan --save-spec`, sending its report elsewhere (a flag beside --spec overrides that field):',
      command: '<%= config.bin %> <%= command.id %> --spec job.json --report s3://reports/nightly',
    },
    {
      description:
        'Finish a job that was interrupted or killed (--report, --report-scope, --concurrency, --attempt-timeout and --failure-threshold-* may change):',
      command: '<%= config.bin %> <%= command.id %> --resume 20261122-031500-1a2b3c4d',
    },
    {
      description:
        'Restore every Glacier object under a prefix, listing the bucket instead of reading a manifest:',
      command: `<%= config.bin %> <%= command.id %> --generate s3://archive/2024/ --storage-class GLACIER --operation '{"S3InitiateRestoreObject":{"ExpirationInDays":7,"GlacierJobTier":"BULK"}}'`,
    },
    {
      description: 'Run against an S3-compatible endpoint and print only a JSON summary:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest pairs.csv --endpoint-url http://localhost:9000 --json',
    },
  ];

  static override flags = jobFlags;

  async run(): Promise<RunResult> {
    const { flags } = await this.parse(Run);
    const json = this.jsonEnabled();
    const prepared = await prepareJob(flags, this.argv, (m) => this.logToStderr(m));
    const job = await openJob(prepared.spec, prepared.store);
    const resume = resumeCommand(job.spec.jobId, flags['job-dir'], DEFAULT_JOBS_DIR);
    if (!json) {
      if (job.generated) {
        this.logToStderr(
          `Listed ${job.generated.rows} matching objects into ${job.generated.manifestLocation}.`,
        );
      }
      this.logToStderr(startLine(prepared, flags.spec, job.store.location));
    }
    const view = createProgressView(progressModeFor({ json, tty: Boolean(process.stderr.isTTY) }));
    const interrupt = listenForInterrupt(() => {
      view.stop();
      process.stderr.write(
        '\nStopping: no new tasks, letting tasks in flight finish (Ctrl-C again to quit at once).\n',
      );
    });
    let summary: JobSummary;
    try {
      summary = await runOpenedJob(job, {
        signal: interrupt.signal,
        onEvent: (e) => view.onEvent(e),
      });
    } catch (error) {
      // A job whose folder exists can be finished: the failure says which job, and how.
      if (await prepared.store.exists()) this.failedJob = { jobId: job.spec.jobId, resume };
      throw error;
    } finally {
      view.stop();
      interrupt.dispose();
      job.close();
    }

    const exitCode = exitCodeOf(summary, interrupt.interrupted);
    if (!json) for (const line of describeSummary(summary)) this.log(line);
    if (exitCode === EXIT.interrupted) {
      // On stderr even with --json: stdout then holds only the summary.
      process.stderr.write(
        (await prepared.store.exists())
          ? `Interrupted. Finish the job with:\n  ${resume}\n`
          : 'Interrupted before the job started: nothing was written, nothing to resume.\n',
      );
    }
    process.exitCode = exitCode;
    return runResultOf(summary);
  }
}

/** The first line of a run: which job, where its folder is, and what a job file was overridden with. */
function startLine(job: PreparedJob, specFile: string | undefined, folder: string): string {
  if (job.resumed) return `Resuming job ${job.spec.jobId} (folder ${folder}).`;
  const from = specFile ? ` from job file ${specFile}` : '';
  const overrides =
    job.overrides.length > 0
      ? ` (${job.overrides.map((f) => `--${f}`).join(', ')} ${job.overrides.length === 1 ? 'overrides' : 'override'} the job file)`
      : '';
  return `Starting job ${job.spec.jobId}${from}${overrides} (folder ${folder} once the manifest checks out).`;
}
