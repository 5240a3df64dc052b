import { resolve } from 'node:path';
import {
  ConfigError,
  isS3Url,
  manifestSpecFor,
  parseS3Url,
  type AwsSettings,
  type GeneratorSpec,
  type ManifestFilters,
  type ManifestInput,
  type ObjectEncryptionFilter,
  OBJECT_ENCRYPTION_TYPES,
} from '@s3bulk/core';
import { parseByteSize } from './byte-size.js';
import type { JobFlags } from './flags.js';

/**
 * `--manifest` and its flags, or `--generate` and its filters, as the job's `ManifestInput`. What
 * the flags leave out is guessed by core's one rule (format, a header row); `onGuess` tells the
 * user what was assumed.
 */
export async function manifestInputFrom(
  flags: JobFlags,
  aws: AwsSettings,
  onGuess: (message: string) => void,
): Promise<ManifestInput> {
  if (flags.generate) return generatorFrom(flags);
  if (!flags.manifest) {
    throw new ConfigError(
      'Missing --manifest (a local path or s3://bucket/key), or --generate s3://bucket/prefix, --spec job.json, or --resume <job-id>.',
    );
  }
  // Local paths are kept absolute so `--resume` works from any folder.
  const location = isS3Url(flags.manifest) ? flags.manifest : resolve(flags.manifest);
  if (flags.format === 'object') return { format: 'object', location };
  if (isS3Url(location)) parseS3Url(location);
  const { spec, guess } = await manifestSpecFor(
    {
      location,
      ...(flags.format ? { format: flags.format } : {}),
      ...(flags.header ? { header: true } : {}),
      ...(flags.fields ? { fields: flags.fields } : {}),
    },
    aws,
  );
  if (guess) {
    const header = guess.header && !flags.header ? '; the first row is read as a header' : '';
    onGuess(
      `Reading ${location} as ${guess.format}: ${guess.reason}${header} (--format to override).`,
    );
  }
  return spec;
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
    ...(flags['object-encryption']?.length
      ? { objectEncryption: flags['object-encryption'].map(parseEncryptionFilter) }
      : {}),
  };
  const output = flags['manifest-output'];
  return {
    format: 'generate',
    bucket: url.bucket,
    ...(url.key ? { prefix: url.key } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(output ? { output: isS3Url(output) ? output : resolve(output) } : {}),
    ...(flags['all-versions'] ? { allVersions: true } : {}),
  };
}

/** `--object-encryption SSEKMS:arn:aws:kms:...`: the type, then for the KMS types a key ARN. */
function parseEncryptionFilter(value: string): ObjectEncryptionFilter {
  const at = value.indexOf(':');
  const type = (at === -1 ? value : value.slice(0, at)).toUpperCase().replace(/-/g, '');
  const key = at === -1 ? undefined : value.slice(at + 1);
  if (!(OBJECT_ENCRYPTION_TYPES as readonly string[]).includes(type)) {
    throw new ConfigError(
      `--object-encryption: "${value}" is not an encryption type (use ${OBJECT_ENCRYPTION_TYPES.join(', ')}).`,
    );
  }
  if (key !== undefined && type !== 'SSEKMS' && type !== 'DSSEKMS') {
    throw new ConfigError(
      `--object-encryption: only SSEKMS and DSSEKMS take a key ARN ("${value}").`,
    );
  }
  return { type: type as ObjectEncryptionFilter['type'], ...(key ? { kmsKeyArn: key } : {}) };
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
