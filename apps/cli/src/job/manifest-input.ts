import { resolve } from 'node:path';
import {
  ConfigError,
  isS3Url,
  parseS3Url,
  type CsvField,
  type GeneratorSpec,
  type ManifestFilters,
  type ManifestFormat,
  type ManifestInput,
} from '@s3bulk/core';
import { parseByteSize } from './byte-size.js';
import type { JobFlags } from './flags.js';

const CSV_FIELDS: readonly CsvField[] = ['Ignore', 'Bucket', 'Key', 'VersionId'];

/** Guesses a manifest's format from its name and first line (`s3bulk manifest validate`'s rule). */
export type FormatGuesser = (location: string) => Promise<ManifestFormat>;

/** `--manifest` and its flags, or `--generate` and its filters, as the job's `ManifestInput`. */
export async function manifestInputFrom(
  flags: JobFlags,
  guessFormat: FormatGuesser,
): Promise<ManifestInput> {
  if (flags.generate) return generatorFrom(flags);
  if (!flags.manifest) {
    throw new ConfigError(
      'Missing --manifest (a local path or s3://bucket/key), or --generate s3://bucket/prefix, or --resume <job-id>.',
    );
  }
  // Local paths are kept absolute so `--resume` works from any folder.
  const location = isS3Url(flags.manifest) ? flags.manifest : resolve(flags.manifest);
  if (isS3Url(location)) parseS3Url(location);
  const format = flags.format ?? (await guessFormat(location));
  const fields = flags.fields ? parseFields(flags.fields) : undefined;
  if (fields && format !== 'csv') {
    throw new ConfigError(`--fields applies to csv manifests only (this one is ${format}).`);
  }
  return {
    format,
    location,
    ...(flags.header ? { header: true } : {}),
    ...(fields ? { fields } : {}),
  };
}

function parseFields(value: string): CsvField[] {
  const fields = value.split(',').map((f) => f.trim());
  for (const field of fields) {
    if (!CSV_FIELDS.includes(field as CsvField)) {
      throw new ConfigError(`--fields: "${field}" is not a field (use ${CSV_FIELDS.join(', ')}).`);
    }
  }
  if (!fields.includes('Bucket') || !fields.includes('Key')) {
    throw new ConfigError('--fields must include Bucket and Key, e.g. Bucket,Key,VersionId.');
  }
  return fields as CsvField[];
}

function generatorFrom(flags: JobFlags): GeneratorSpec {
  const url = parseS3Url(flags.generate!);
  const filters: ManifestFilters = {
    ...dateFilter('createdAfter', flags['created-after'], 'created-after'),
    ...dateFilter('createdBefore', flags['created-before'], 'created-before'),
    ...(flags['key-prefix'] ? { keyPrefix: flags['key-prefix'] } : {}),
    ...(flags['key-suffix'] ? { keySuffix: flags['key-suffix'] } : {}),
    ...(flags['key-substring'] ? { keySubstring: flags['key-substring'] } : {}),
    ...(flags['min-size'] ? { minSize: parseByteSize(flags['min-size'], 'min-size') } : {}),
    ...(flags['max-size'] ? { maxSize: parseByteSize(flags['max-size'], 'max-size') } : {}),
    ...(flags['storage-class']?.length ? { storageClasses: flags['storage-class'] } : {}),
  };
  return {
    format: 'generate',
    bucket: url.bucket,
    ...(url.key ? { prefix: url.key } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
  };
}

function dateFilter<K extends 'createdAfter' | 'createdBefore'>(
  name: K,
  value: string | undefined,
  flag: string,
): Partial<Record<K, Date>> {
  if (!value) return {};
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ConfigError(`--${flag}: "${value}" is not a date (use ISO 8601, e.g. 2026-01-31).`);
  }
  return { [name]: date } as Partial<Record<K, Date>>;
}
