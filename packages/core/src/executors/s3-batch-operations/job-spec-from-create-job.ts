import type {
  CreateJobCommandInput,
  JobManifestGeneratorFilter,
  S3JobManifestGenerator,
} from '@aws-sdk/client-s3-control';
import { ConfigError } from '../../errors.js';
import type { AwsSettings } from '../../config/types.js';
import type { EngineSettings } from '../../engine/types.js';
import type { JobSpec } from '../../job/types.js';
import type {
  CsvField,
  GeneratorSpec,
  ManifestFilters,
  ManifestInput,
} from '../../manifest/types.js';
import { parseOperation } from '../../operations/registry.js';
import type { StoredManifest } from '../../manifest/upload-manifest.js';

/** Manifest formats of a CreateJob request, and the reader s3bulk runs each with. */
const MANIFEST_FORMATS: Readonly<Record<string, 'csv' | 'inventory'>> = {
  S3BatchOperations_CSV_20180820: 'csv',
  S3InventoryReport_CSV_20161130: 'inventory',
  S3InventoryReport_CSV_20211130: 'inventory',
};

/** What the job needs beside the request: its identity and where it reaches S3. */
export interface CreateJobTranslation {
  readonly jobId: string;
  readonly createdAt: string;
  readonly aws: AwsSettings;
  /** Engine tunables the runner sets (concurrency, failure threshold). @default {} */
  readonly engine?: Partial<EngineSettings>;
}

/** A CreateJob request as a job: the spec, and the manifest object whose ETag must still match. */
export interface JobFromCreateJob {
  readonly spec: JobSpec;
  /** Absent for a generated manifest. */
  readonly manifestObject?: StoredManifest;
}

/**
 * The inverse of `buildCreateJobRequest`: an S3 Control `CreateJob` request as the `JobSpec`
 * s3bulk runs. A field that would change which objects or what is done, and that s3bulk cannot
 * honour, is refused (a `ConfigError` naming it) rather than dropped.
 */
export function jobSpecFromCreateJob(
  request: Omit<CreateJobCommandInput, 'AccountId'>,
  options: CreateJobTranslation,
): JobFromCreateJob {
  if (!request.Operation) throw new ConfigError('Operation is required');
  // Dates (RetainUntilDate) become ISO strings: the spec is JSON, as `--operation` gives it.
  const operation = JSON.parse(JSON.stringify(request.Operation)) as Record<string, unknown>;
  delete operation.$unknown;
  parseOperation(operation);
  const { manifest, manifestObject } = manifestOf(request, options.jobId);
  const aws: AwsSettings = {
    ...options.aws,
    ...(request.ManifestGenerator?.S3JobManifestGenerator?.ExpectedBucketOwner
      ? {
          expectedSourceBucketOwner:
            request.ManifestGenerator.S3JobManifestGenerator.ExpectedBucketOwner,
        }
      : {}),
  };
  const report = request.Report;
  if (!report) throw new ConfigError('Report is required (send {"Enabled": false} for none)');
  if (report.Enabled && report.Format && report.Format !== 'Report_CSV_20180820') {
    throw new ConfigError(`Report.Format ${report.Format} is not one s3bulk writes`);
  }
  const spec: JobSpec = {
    version: 1,
    jobId: options.jobId,
    createdAt: options.createdAt,
    manifest,
    operation,
    ...(report.Enabled
      ? {
          report: {
            location: `s3://${bucketOfArn(report.Bucket, 'Report.Bucket')}/${report.Prefix ?? ''}`,
            scope: report.ReportScope ?? 'AllTasks',
          },
        }
      : {}),
    engine: { ...options.engine },
    aws,
  };
  return { spec, ...(manifestObject ? { manifestObject } : {}) };
}

function manifestOf(
  request: Omit<CreateJobCommandInput, 'AccountId'>,
  jobId: string,
): {
  manifest: ManifestInput;
  manifestObject?: StoredManifest;
} {
  const given = request.Manifest;
  const generator = request.ManifestGenerator?.S3JobManifestGenerator;
  if (given && request.ManifestGenerator) {
    throw new ConfigError('give Manifest or ManifestGenerator, not both');
  }
  if (generator) return { manifest: generatorSpecOf(generator, jobId) };
  if (!given?.Spec || !given.Location) {
    throw new ConfigError('Manifest (Spec and Location) or ManifestGenerator is required');
  }
  const format = MANIFEST_FORMATS[given.Spec.Format ?? ''];
  if (!format) {
    throw new ConfigError(
      `Manifest.Spec.Format ${given.Spec.Format}: s3bulk reads ${Object.keys(MANIFEST_FORMATS).join(', ')}`,
    );
  }
  const { bucket, key } = objectOfArn(given.Location.ObjectArn);
  const location = `s3://${bucket}/${key}`;
  const etag = (given.Location.ETag ?? '').replace(/"/g, '');
  if (!etag) throw new ConfigError('Manifest.Location.ETag is required');
  const versionId = given.Location.ObjectVersionId;
  const manifestObject: StoredManifest = { bucket, key, etag, ...(versionId ? { versionId } : {}) };
  if (format === 'inventory') return { manifest: { format, location }, manifestObject };
  const fields = given.Spec.Fields as CsvField[] | undefined;
  return {
    manifest: { format, location, ...(fields?.length ? { fields } : {}) },
    manifestObject,
  };
}

function generatorSpecOf(generator: S3JobManifestGenerator, jobId: string): GeneratorSpec {
  const bucket = bucketOfArn(generator.SourceBucket, 'ManifestGenerator.SourceBucket');
  const out = generator.ManifestOutputLocation;
  // Each job's manifest in its own `job-<id>/` folder, as reports are: jobs sharing a prefix
  // would otherwise overwrite each other's manifest.json.
  const prefix = (out?.ManifestPrefix ?? '').replace(/\/+$/, '');
  const output =
    generator.EnableManifestOutput && out
      ? `s3://${bucketOfArn(out.Bucket, 'ManifestOutputLocation.Bucket')}/${prefix ? `${prefix}/` : ''}job-${jobId}/`
      : undefined;
  const filters = generator.Filter ? filtersOf(generator.Filter) : undefined;
  return {
    format: 'generate',
    bucket,
    ...(filters && Object.keys(filters).length > 0 ? { filters } : {}),
    ...(output ? { output } : {}),
  };
}

/** One value of a `MatchAny...` list: s3bulk's generator matches one prefix, suffix, substring. */
function single(values: readonly string[] | undefined, field: string): string | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length > 1) {
    throw new ConfigError(`${field}: s3bulk matches one value, not ${values.length}`);
  }
  return values[0];
}

function filtersOf(filter: JobManifestGeneratorFilter): ManifestFilters {
  // These select objects by facts a listing does not show: running without them would touch
  // objects the job did not ask for.
  for (const field of [
    'EligibleForReplication',
    'ObjectReplicationStatuses',
    'MatchAnyObjectEncryption',
  ] as const) {
    const value = filter[field];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0) && value !== false) {
      throw new ConfigError(`ManifestGenerator.Filter.${field} is not supported by s3bulk serve`);
    }
  }
  const names = filter.KeyNameConstraint;
  const keyPrefix = single(names?.MatchAnyPrefix, 'KeyNameConstraint.MatchAnyPrefix');
  const keySuffix = single(names?.MatchAnySuffix, 'KeyNameConstraint.MatchAnySuffix');
  const keySubstring = single(names?.MatchAnySubstring, 'KeyNameConstraint.MatchAnySubstring');
  const greater = filter.ObjectSizeGreaterThanBytes;
  const less = filter.ObjectSizeLessThanBytes;
  return {
    ...(filter.CreatedAfter ? { createdAfter: new Date(filter.CreatedAfter) } : {}),
    ...(filter.CreatedBefore ? { createdBefore: new Date(filter.CreatedBefore) } : {}),
    ...(keyPrefix !== undefined ? { keyPrefix } : {}),
    ...(keySuffix !== undefined ? { keySuffix } : {}),
    ...(keySubstring !== undefined ? { keySubstring } : {}),
    // The API's bounds are strict; s3bulk's are inclusive.
    ...(greater !== undefined ? { minSize: greater + 1 } : {}),
    ...(less !== undefined ? { maxSize: less - 1 } : {}),
    ...(filter.MatchAnyStorageClass?.length
      ? { storageClasses: [...filter.MatchAnyStorageClass] }
      : {}),
  };
}

/** `arn:aws:s3:::bucket` (or a bare bucket name) -> `bucket`. */
function bucketOfArn(arn: string | undefined, field: string): string {
  const bucket = (arn ?? '').replace(/^arn:[^:]+:s3:::/, '');
  if (!bucket || bucket.includes('/'))
    throw new ConfigError(`${field} "${arn}" is not a bucket ARN`);
  return bucket;
}

/** `arn:aws:s3:::bucket/key` -> bucket and key. */
function objectOfArn(arn: string | undefined): { bucket: string; key: string } {
  const match = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(arn ?? '');
  if (!match) {
    throw new ConfigError(`Manifest.Location.ObjectArn "${arn}" is not an S3 object ARN`);
  }
  return { bucket: match[1]!, key: match[2]! };
}
