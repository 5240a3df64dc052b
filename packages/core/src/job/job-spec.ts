import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { ConfigError, ManifestError } from '../errors.js';
import { readManifestFile } from '../manifest/source.js';
import { JOB_SPEC_SCHEMA_ID } from './constants.js';
import { JOB_SPEC_SCHEMA } from './job-spec-schema.js';
import type { JobSpec, JobSpecDraft } from './types.js';

/** A job file is a few kilobytes; anything far larger is not one. */
const MAX_JOB_FILE_BYTES = 1024 * 1024;

/**
 * Check a job file's JSON against the schema: the first problem is a `ConfigError` naming the
 * file and the field (`manifest.format: ...`). Dates of generator filters become `Date`s.
 */
export function parseJobSpec(value: unknown, source: string): JobSpecDraft {
  const parsed = JOB_SPEC_SCHEMA.safeParse(value);
  if (parsed.success) return parsed.data as JobSpecDraft;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(file)';
  const more =
    parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new ConfigError(`${source}: ${field}: ${issue.message}${more}`, {
    cause: parsed.error,
  });
}

/** Parse job file text (JSON) from `source`. */
export function parseJobSpecText(text: string, source: string): JobSpecDraft {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not a JSON job file (${(error as Error).message})`, {
      cause: error,
    });
  }
  return parseJobSpec(value, source);
}

/** Read a job file from a local path or `s3://bucket/key` and check it. */
export async function readJobSpec(
  location: string,
  options: { readonly s3?: S3Client; readonly signal?: AbortSignal } = {},
): Promise<JobSpecDraft> {
  let bytes: Buffer;
  try {
    bytes = await readManifestFile(location, { ...options, maxBytes: MAX_JOB_FILE_BYTES });
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    throw new ConfigError(`job file ${location}: ${error.message}`, { cause: error });
  }
  return parseJobSpecText(bytes.toString('utf8'), location);
}

/** A job file's text: stable key order, dates as ISO strings, ending in a newline. */
export function formatJobSpec(spec: JobSpecDraft): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** The draft as a job: its id and creation time given now unless it has them. */
export function withJobIdentity(draft: JobSpecDraft, jobId: string, now = new Date()): JobSpec {
  return { ...draft, jobId: draft.jobId ?? jobId, createdAt: draft.createdAt ?? now.toISOString() };
}

/** The JSON Schema of a job file, generated from the zod schema (`docs/job-spec.schema.json`). */
export function jobSpecJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(JOB_SPEC_SCHEMA, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: JOB_SPEC_SCHEMA_ID,
    title: 's3bulk job file',
    description:
      'One s3bulk job: manifest, operation, report, engine and AWS settings. Written by `s3bulk plan --save-spec`; run by `s3bulk run --spec`, `s3bulk submit --spec`, `s3bulk batchops create --spec`.',
  };
}
