import { Args, Flags } from '@oclif/core';
import { checkManifest, type ManifestFormat, type ManifestValidation } from '@s3bulk/core';
import { S3BulkCommand } from '../../base-command.js';
import { EXIT } from '../../exit-codes.js';

/** One problem, as `--json` prints it. */
export interface ManifestProblem {
  readonly source: string;
  readonly line?: number;
  readonly field?: string;
  readonly message: string;
  readonly code: string;
}

/** The `--json` contract of `s3bulk manifest validate`. */
export interface ManifestValidateResult {
  readonly manifest: string;
  /** Absent when the file could not be opened to guess it. */
  readonly format?: ManifestFormat;
  /** Why the format was chosen when `--format` was not given. */
  readonly guessed?: string;
  readonly valid: boolean;
  readonly rows: number;
  readonly objects: number;
  readonly prefixes: number;
  readonly buckets: number;
  readonly errorCount: number;
  readonly errors: readonly ManifestProblem[];
}

export default class ManifestValidate extends S3BulkCommand {
  static override summary =
    'Read a whole manifest and report every bad row, without running anything.';

  static override description = `Streams the manifest (a local path or s3://bucket/key; gzip is detected) and prints how many rows, objects, prefixes and distinct buckets it holds, then the first problems as file:line: field: problem. Exits 2 when any row or the file itself is bad, 0 when it is valid.

Formats: pairs (source,destination s3:// URLs; a URL ending in / is a prefix), csv (S3BatchOperations_CSV_20180820: Bucket,Key[,VersionId], keys URL-encoded), inventory (an S3 Inventory manifest.json; its data files are read and their MD5 checked). Without --format the format is guessed from the file (manifest.json -> inventory, s3:// URLs -> pairs, else csv) and the guess is printed.`;

  static override examples = [
    {
      description: 'Check a pairs CSV with a header row:',
      command: '<%= config.bin %> <%= command.id %> pairs.csv --header',
    },
    {
      description: 'Check an S3 Batch Operations CSV whose third column is a version id:',
      command:
        '<%= config.bin %> <%= command.id %> s3://my-bucket/manifests/job.csv --format csv --fields Bucket,Key,VersionId',
    },
    {
      description: 'Check an S3 Inventory report and get the counts as JSON:',
      command:
        '<%= config.bin %> <%= command.id %> s3://inventory-bucket/src/config/2025-01-01T00-00Z/manifest.json --json',
    },
  ];

  static override args = {
    manifest: Args.string({
      description: 'Local path or s3://bucket/key of the manifest.',
      required: true,
    }),
  };

  static override flags = {
    format: Flags.string({
      summary: 'Manifest format. Guessed from the file when omitted.',
      options: ['pairs', 'csv', 'inventory'],
    }),
    header: Flags.boolean({
      summary: 'The first row is a header (pairs and csv).',
      default: false,
    }),
    fields: Flags.string({
      summary: 'Column order of a csv manifest, from Ignore, Bucket, Key, VersionId.',
      description: 'Default: Bucket,Key with an optional third VersionId column.',
    }),
    'max-errors': Flags.integer({ summary: 'How many problems to list.', default: 20, min: 1 }),
  };

  async run(): Promise<ManifestValidateResult> {
    const { args, flags } = await this.parse(ManifestValidate);
    const location = args.manifest;
    const check = await checkManifest(
      {
        location,
        ...(flags.format ? { format: flags.format as ManifestFormat } : {}),
        ...(flags.header ? { header: true } : {}),
        ...(flags.fields ? { fields: flags.fields } : {}),
      },
      this.awsSettings(flags),
      { maxErrors: flags['max-errors'] },
    );
    let guessed: string | undefined;
    if (check.guess && check.spec) {
      guessed = check.guess.reason;
      if (check.guess.header && !flags.header) guessed += '; the first row is read as a header';
      this.logToStderr(
        `Reading ${location} as ${check.spec.format}: ${guessed} (--format to override).`,
      );
    }
    return this.finish(location, check.spec?.format, guessed, check.validation);
  }

  /** Print the findings, set exit code 2 when the manifest is invalid, and return the result. */
  private finish(
    location: string,
    format: ManifestFormat | undefined,
    guessed: string | undefined,
    validation: ManifestValidation,
  ): ManifestValidateResult {
    const result: ManifestValidateResult = {
      manifest: location,
      ...(format ? { format } : {}),
      ...(guessed ? { guessed } : {}),
      valid: validation.valid,
      rows: validation.rows,
      objects: validation.objects,
      prefixes: validation.prefixes,
      buckets: validation.buckets,
      errorCount: validation.errorCount,
      errors: validation.errors.map((e) => ({
        source: e.location.source,
        ...(e.location.line ? { line: e.location.line } : {}),
        ...(e.field ? { field: e.field } : {}),
        message: e.message,
        code: e.code,
      })),
    };
    this.render(
      result,
      validation.errors.map((e) => e.describe()),
    );
    if (!result.valid) process.exitCode = EXIT.usage;
    return result;
  }

  private render(result: ManifestValidateResult, problems: readonly string[]): void {
    this.log(`${result.manifest}${result.format ? ` (${result.format})` : ''}`);
    this.log(`  rows      ${result.rows}`);
    this.log(`  objects   ${result.objects}`);
    this.log(`  prefixes  ${result.prefixes}`);
    this.log(`  buckets   ${result.buckets}`);
    if (result.valid) {
      this.log('Valid.');
      return;
    }
    this.log(
      `${result.errorCount} problem${result.errorCount === 1 ? '' : 's'}${result.errorCount > problems.length ? ` (first ${problems.length})` : ''}:`,
    );
    for (const problem of problems) this.log(`  ${problem}`);
  }
}
