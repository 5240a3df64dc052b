import { ConfigError } from '../errors.js';
import { validateCsvFields } from './csv-reader.js';
import { readLines } from './lines.js';
import { openManifestBytes, type ManifestSourceOptions } from './source.js';
import type { ManifestFormat, ManifestSpec } from './types.js';

/** A guessed format and the reason, so the CLI can say what it assumed. */
export interface FormatGuess {
  readonly format: ManifestFormat;
  readonly reason: string;
  /** The first row looks like a header (`source,destination`). */
  readonly header?: boolean;
}

/**
 * Guess a manifest's format from its name and first line: `*.json` is an inventory
 * manifest.json, a first line of `s3://` URLs (or a source,destination header) is pairs, and
 * anything else is an S3 Batch Operations csv.
 */
export function guessManifestFormat(location: string, firstLine: string | undefined): FormatGuess {
  if (/\.json$/i.test(location))
    return { format: 'inventory', reason: 'the file name ends in .json' };
  const line = (firstLine ?? '')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
  // Said as such, so an empty file is not described as a row that is not s3:// URLs.
  if (line === '') return { format: 'csv', reason: 'the file is empty' };
  if (line.startsWith('s3://') || line.startsWith('"s3://')) {
    return { format: 'pairs', reason: 'the first row holds s3:// URLs' };
  }
  if (/^"?source"?\s*,\s*"?destination"?$/.test(line)) {
    return { format: 'pairs', reason: 'the header row is source,destination', header: true };
  }
  if (line.startsWith('{')) return { format: 'inventory', reason: 'the file is JSON' };
  return { format: 'csv', reason: 'the first row is not s3:// URLs (S3 Batch Operations CSV)' };
}

/** Read the first non-blank line of a manifest (gunzipped) and guess its format from it. */
export async function detectManifestFormat(
  location: string,
  options: ManifestSourceOptions = {},
): Promise<FormatGuess> {
  if (/\.json$/i.test(location)) return guessManifestFormat(location, undefined);
  const bytes = await openManifestBytes(location, { ...options, range: undefined });
  const lines = readLines(bytes.chunks);
  try {
    for await (const line of lines) {
      if (line.text === undefined) break;
      if (line.text.trim() !== '') return guessManifestFormat(location, line.text);
    }
  } finally {
    await lines.return(undefined);
  }
  return guessManifestFormat(location, undefined);
}

/** A manifest as the user named it: the location, and whatever they said about it. */
export interface ManifestGiven {
  readonly location: string;
  readonly format?: ManifestFormat;
  readonly header?: boolean;
  /** Column order of a csv manifest, as typed (`Bucket,Key,VersionId`). */
  readonly fields?: string | readonly string[];
}

/**
 * The one rule every edge uses (`manifest validate`, `plan`, `run`, `submit`): what the user did
 * not say is guessed from the file (format; a `source,destination` header row), and `fields` is
 * checked once. `guess` says what was assumed, so the edge can tell the user.
 */
export async function resolveManifestSpec(
  given: ManifestGiven,
  options: ManifestSourceOptions = {},
): Promise<{ readonly spec: ManifestSpec; readonly guess?: FormatGuess }> {
  const guess = given.format ? undefined : await detectManifestFormat(given.location, options);
  const format = given.format ?? guess!.format;
  const fields =
    given.fields === undefined
      ? undefined
      : validateCsvFields(
          typeof given.fields === 'string'
            ? given.fields.split(',').map((f) => f.trim())
            : given.fields,
        );
  if (fields && format !== 'csv') {
    throw new ConfigError(
      `--fields applies to csv manifests only (this one is read as ${format}).`,
    );
  }
  const header = Boolean(given.header) || Boolean(guess?.header);
  return {
    spec: {
      format,
      location: given.location,
      ...(header ? { header: true } : {}),
      ...(fields ? { fields } : {}),
    },
    ...(guess ? { guess } : {}),
  };
}
