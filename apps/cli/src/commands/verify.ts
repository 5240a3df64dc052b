import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Flags } from '@oclif/core';
import {
  CHECKSUM_ALGORITHMS,
  ConfigError,
  DEFAULT_JOBS_DIR,
  createJobClients,
  isS3Url,
  openJob,
  parseS3Url,
  readCompletionReport,
  runOpenedJob,
  writePairsFromReport,
  type JobSummary,
} from '@s3bulk/core';
import { S3BulkCommand } from '../base-command.js';
import { EXIT } from '../exit-codes.js';
import { exitCodeOf } from '../job/exit-code.js';
import { jobFlags, type JobFlags } from '../job/flags.js';
import { listenForInterrupt } from '../job/interrupt.js';
import { awsSettingsFrom } from '../job/job-spec.js';
import { prepareJob } from '../job/prepare-job.js';
import { resumeCommand } from '../job/resume.js';
import { createProgressView, progressModeFor } from '../render/progress-view.js';
import { describeSummary, runResultOf, type RunResult } from '../render/summary.js';

const VERIFY = 'VERIFY';

export default class Verify extends S3BulkCommand {
  static override summary =
    'Compare every source object with its copy by size and checksum, and report each.';

  static override description = `Reads a pairs manifest (source,destination; prefix rows compare every object under the source prefix), a csv or inventory manifest with --target, or the completion report of a copy job (--report), and runs S3BulkVerify on each pair: the sizes must be equal, then the checksums. Where both objects carry a stored checksum (x-amz-checksum-*) of the same algorithm and type, those are compared without reading a byte; otherwise the full-object checksum (--checksum-algorithm) is computed by reading each side that has none stored, with S3ComputeObjectChecksum's code.

Every pair is a row of the completion report (--output, else report/ in the job folder): succeeded rows say which checksums matched; failed rows carry ErrorCode ChecksumMismatch, SizeMismatch, DestinationMissing or NoSuchKey (the source). It is an ordinary job: --resume finishes an interrupted verify.

Exit codes: 0 every pair matches; 3 at least one mismatch (see the report); 2 bad usage or input; 130 interrupted.`;

  static override examples = [
    {
      description: 'Verify the pairs of a copy/sync manifest:',
      command: '<%= config.bin %> <%= command.id %> --manifest pairs.csv --header',
    },
    {
      description: 'Verify what a copy job copied, from its completion report:',
      command:
        '<%= config.bin %> <%= command.id %> --report ./reports/job-20261122-031500-1a2b3c4d --output ./verify',
    },
    {
      description: 'Verify an S3 Batch Operations CSV manifest against its copies under a prefix:',
      command:
        '<%= config.bin %> <%= command.id %> --manifest objects.csv --target s3://backup/2026/ --checksum-algorithm SHA256',
    },
  ];

  static override flags = {
    manifest: jobFlags.manifest,
    format: jobFlags.format,
    header: jobFlags.header,
    fields: jobFlags.fields,
    report: Flags.string({
      summary:
        'The completion report of a copy job (its job-<id> folder or manifest.json, local or s3://): verify each copy it lists.',
      helpGroup: VERIFY,
      exclusive: ['manifest'],
    }),
    target: Flags.string({
      summary:
        'csv and inventory manifests: where the copies are, s3://bucket[/prefix] (TargetResource and TargetKeyPrefix).',
      helpGroup: VERIFY,
    }),
    'checksum-algorithm': Flags.option({
      options: CHECKSUM_ALGORITHMS,
      summary:
        'Computed when the two objects stored no checksum of one algorithm. Default CRC64NVME.',
      helpGroup: VERIFY,
    })(),
    output: Flags.string({
      summary:
        'Write the completion report to a local dir or s3://bucket/prefix. Default: report/ in the job folder.',
      helpGroup: VERIFY,
    }),
    'report-scope': jobFlags['report-scope'],
    concurrency: jobFlags.concurrency,
    'attempt-timeout': jobFlags['attempt-timeout'],
    'job-dir': jobFlags['job-dir'],
    resume: jobFlags.resume,
    'source-profile': jobFlags['source-profile'],
    'destination-profile': jobFlags['destination-profile'],
    'source-endpoint-url': jobFlags['source-endpoint-url'],
    'destination-endpoint-url': jobFlags['destination-endpoint-url'],
    'expected-bucket-owner': jobFlags['expected-bucket-owner'],
    'expected-source-bucket-owner': jobFlags['expected-source-bucket-owner'],
  };

  async run(): Promise<RunResult> {
    const { flags } = await this.parse(Verify);
    const json = this.jsonEnabled();
    const jobDir = flags['job-dir'];
    // The rest of a job's flags: a verify is a run of S3BulkVerify, nothing more.
    const base: JobFlags = {
      ...flags,
      'sync-delete': false,
      'report-scope': flags['report-scope'],
      'job-dir': jobDir,
      // Mismatches are findings, not a reason to stop: the job never "fails", it reports.
      'failure-threshold-percent': 100,
      // --report names the copy job's report to read; this job's own goes to --output.
      report: undefined,
    };
    if (!flags.resume) {
      base.operation = JSON.stringify({ S3BulkVerify: verifySpec(flags) });
      if (flags.report) {
        base.manifest = await this.pairsFromReport(flags.report, base, jobDir);
        base.format = 'pairs';
        base.header = true;
      } else if (!flags.manifest) {
        throw new ConfigError('Missing --manifest or --report (or --resume <job-id>).');
      }
    }
    const prepared = await prepareJob(base, this.argv, (m) => this.logToStderr(m));
    const report = {
      location: flags.output
        ? isS3Url(flags.output)
          ? flags.output
          : resolve(flags.output)
        : join(prepared.store.location, 'report'),
      scope: flags['report-scope'],
    };
    // A resumed verify keeps the report location it started with.
    const spec = prepared.resumed ? prepared.spec : { ...prepared.spec, report };
    const job = await openJob(spec, prepared.store);
    if (!json) this.logToStderr(`Verifying as job ${spec.jobId} (folder ${job.store.location}).`);

    const view = createProgressView(progressModeFor({ json, tty: Boolean(process.stderr.isTTY) }));
    const interrupt = listenForInterrupt(() => view.stop());
    let summary: JobSummary;
    try {
      summary = await runOpenedJob(job, {
        signal: interrupt.signal,
        onEvent: (e) => view.onEvent(e),
      });
    } finally {
      view.stop();
      interrupt.dispose();
      job.close();
    }
    const exitCode = exitCodeOf(summary, interrupt.interrupted);
    if (!json) {
      for (const line of describeSummary(summary)) this.log(line);
      if (summary.failed > 0) this.log(`${summary.failed} pairs differ: see the report.`);
    }
    if (exitCode === EXIT.interrupted) {
      process.stderr.write(
        `Interrupted. Finish with:\n  ${resumeCommand(spec.jobId, jobDir, DEFAULT_JOBS_DIR)}\n`,
      );
    }
    process.exitCode = exitCode;
    return runResultOf(summary);
  }

  /** Write the copy job's report as a pairs manifest, kept under the job dir for --resume. */
  private async pairsFromReport(location: string, flags: JobFlags, jobDir: string) {
    const clients = await createJobClients(awsSettingsFrom(flags), { concurrency: 1 });
    try {
      const report = await readCompletionReport(isS3Url(location) ? location : resolve(location), {
        s3: clients.control.source,
      });
      const path = resolve(jobDir, 'verify-inputs', `${randomBytes(6).toString('hex')}.csv`);
      const written = await writePairsFromReport(report, path);
      if (!this.jsonEnabled()) {
        this.logToStderr(
          `${written.rows} copies listed in the report${written.skipped ? ` (${written.skipped} rows were not copies and are not verified)` : ''}.`,
        );
      }
      return path;
    } finally {
      clients.destroy();
    }
  }
}

function verifySpec(flags: {
  target?: string | undefined;
  'checksum-algorithm'?: string | undefined;
}): Record<string, unknown> {
  const target = flags.target ? parseS3Url(flags.target) : undefined;
  return {
    ...(flags['checksum-algorithm'] ? { ChecksumAlgorithm: flags['checksum-algorithm'] } : {}),
    ...(target ? { TargetResource: `arn:aws:s3:::${target.bucket}` } : {}),
    ...(target?.key ? { TargetKeyPrefix: target.key } : {}),
  };
}
