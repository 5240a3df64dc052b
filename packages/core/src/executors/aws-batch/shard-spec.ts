import type { AwsSettings } from '../../config/types.js';
import type { EngineSettings } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import { loadJobSpec, manifestSpecFor } from '../../job/job-inputs.js';
import { withJobIdentity } from '../../job/job-spec.js';
import type { JobSpec, JobSpecDraft } from '../../job/types.js';
import type { ManifestGiven } from '../../manifest/guess-format.js';
import type { ManifestInput, ObjectManifestSpec } from '../../manifest/types.js';
import type { OperationSettings } from '../../operations/types.js';
import type { ReportSpec } from '../../report/types.js';

/**
 * The seed's job: `<bucket> <key> <header> <sync_delete>` plus the `S3BULK_*` environment the
 * EventBridge rule sets, as the worker's edge read them. Core turns it into a `JobSpec`.
 */
export interface SeedJob {
  /** The manifest as named; a format not given is guessed from the file, as `run` guesses. */
  readonly manifest: ManifestGiven | ObjectManifestSpec;
  /** `S3BULK_OPERATION`; without one a pairs manifest copies/syncs (the seed's container). */
  readonly operation?: Record<string, unknown>;
  /** The seed's `sync_delete`: pairs prefix rows delete extra destination objects. */
  readonly syncDelete: boolean;
  /** `S3BULK_TABLE_NAME`: without an operation, import into this table. */
  readonly tableName?: string;
  readonly report?: ReportSpec;
  readonly engine: Partial<EngineSettings>;
  readonly aws: AwsSettings;
  readonly operationSettings?: Partial<OperationSettings>;
}

/** Where a shard's job comes from: the spec `s3bulk submit` wrote, or the seed's argv/env. */
export type ShardSpecSource =
  | { readonly kind: 'file'; readonly location: string }
  | { readonly kind: 'seed'; readonly seed: SeedJob };

export interface ResolveShardSpecOptions {
  /** The id every child and attempt shares, used when the spec holds none. */
  readonly jobId: string;
  /** Where this process reaches S3 to read the spec or guess the manifest's format. */
  readonly aws: AwsSettings;
}

/**
 * The job one shard runs. A spec file is read and checked as every `--spec` is; the seed's form
 * gets the manifest rule `run` uses (format guessed from the first line when not given). The
 * process's region and endpoint fill in what the spec does not say.
 */
export async function resolveShardSpec(
  source: ShardSpecSource,
  options: ResolveShardSpecOptions,
): Promise<JobSpec> {
  const draft =
    source.kind === 'file'
      ? await loadJobSpec(source.location, options.aws)
      : await seedDraft(source.seed, options.aws);
  return withJobIdentity({ ...draft, aws: { ...options.aws, ...draft.aws } }, options.jobId);
}

async function seedDraft(seed: SeedJob, aws: AwsSettings): Promise<JobSpecDraft> {
  const manifest: ManifestInput =
    'format' in seed.manifest && seed.manifest.format === 'object'
      ? seed.manifest
      : (await manifestSpecFor(seed.manifest as ManifestGiven, { ...aws, ...seed.aws })).spec;
  return {
    version: 1,
    manifest,
    operation: seedOperation(seed, manifest.format),
    ...(seed.report ? { report: seed.report } : {}),
    engine: seed.engine,
    aws: seed.aws,
    ...(seed.operationSettings ? { operationSettings: seed.operationSettings } : {}),
  };
}

/**
 * The operation of the seed's form: the one given (a pairs operation takes `sync_delete` unless
 * it says SyncDelete itself); else import into the table; else copy/sync a pairs manifest.
 */
function seedOperation(seed: SeedJob, format: ManifestInput['format']): Record<string, unknown> {
  if (seed.operation) {
    const pairs = seed.operation.S3BulkPairs as Record<string, unknown> | undefined;
    return pairs && typeof pairs === 'object' && pairs.SyncDelete === undefined && seed.syncDelete
      ? { S3BulkPairs: { ...pairs, SyncDelete: true } }
      : seed.operation;
  }
  if (seed.tableName) return { DynamoDbImport: { TableName: seed.tableName } };
  if (format === 'pairs') return { S3BulkPairs: { SyncDelete: seed.syncDelete } };
  throw new ConfigError(`a ${format} manifest needs an operation: --operation or S3BULK_OPERATION`);
}
