import { join } from 'node:path';
import { freePort, type ObjectBodies, type TestEmulator } from '@s3bulk/testing';
import { runCli, writeText, type CliProcess, type CliResult, spawnCli } from './run-cli.js';

// The one way e2e tests describe an `s3bulk run` job, seed its buckets and read its summary, so a
// test file says only what differs about its job.

/** `--operation` JSON that copies each object into `bucket` under the same key. */
export function copyTo(bucket: string, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({
    S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}`, ...fields },
  });
}

/** `--operation` JSON that puts one tag on each object. */
export function tagWith(key: string, value: string): string {
  return JSON.stringify({ S3PutObjectTagging: { TagSet: [{ Key: key, Value: value }] } });
}

/** `count` keys under `prefix`, zero-padded so they list in the order they were made. */
export function numberedKeys(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(4, '0')}.txt`);
}

/** A new bucket holding `objects`; keys given alone get the body `body <key>`. */
export async function seedBucket(
  emulator: TestEmulator,
  prefix: string,
  objects: ObjectBodies | readonly string[] = {},
): Promise<string> {
  const bucket = await emulator.createBucket(prefix);
  const bodies = Array.isArray(objects)
    ? Object.fromEntries(objects.map((k: string) => [k, `body ${k}`]))
    : (objects as ObjectBodies);
  if (Object.keys(bodies).length > 0) await emulator.putObjects(bucket, bodies);
  return bucket;
}

/** An S3 Batch Operations CSV manifest (`bucket,key` rows, keys as given) in `dir`. */
export function csvManifest(
  dir: string,
  bucket: string,
  keys: readonly string[],
  name = 'm.csv',
): Promise<string> {
  return writeText(dir, name, keys.map((k) => `${bucket},${k}\n`).join(''));
}

/**
 * A pairs manifest of one prefix row in `dir` and an endpoint nothing listens on: its listing is
 * refused before a request leaves (`header` adds a `source,destination` header line).
 */
export async function refusedPrefixRow(
  dir: string,
  header = false,
): Promise<{ manifest: string; endpoint: string }> {
  const port = await freePort();
  const rows = `${header ? 'source,destination\n' : ''}s3://src-bucket/in/,s3://dst-bucket/out/\n`;
  return {
    manifest: await writeText(dir, 'pairs.csv', rows),
    endpoint: `http://127.0.0.1:${port}`,
  };
}

/** Where a job of `dir` keeps its job folders (`--job-dir`). */
export function jobsIn(dir: string): string {
  return join(dir, 'jobs');
}

export interface JobOptions {
  /** `--manifest` (a path or s3:// URL). */
  readonly manifest: string;
  /** `--operation` JSON; left out for pairs manifests. */
  readonly operation?: string;
  /** The test's temp folder: the job folders go to `<dir>/jobs`. */
  readonly dir: string;
  /** `--report` location, or `false` for none. @default `<dir>/r` */
  readonly report?: string | false;
  /** Print the JSON summary. @default true */
  readonly json?: boolean;
  /** More flags, after the job's own. */
  readonly flags?: readonly string[];
}

/** The argv of `s3bulk run` for one job. */
export function runArgs(job: JobOptions): string[] {
  return [
    'run',
    '--manifest',
    job.manifest,
    ...(job.operation === undefined ? [] : ['--operation', job.operation]),
    ...(job.report === false ? [] : ['--report', job.report ?? join(job.dir, 'r')]),
    '--job-dir',
    jobsIn(job.dir),
    ...(job.flags ?? []),
    ...(job.json === false ? [] : ['--json']),
  ];
}

/** Run one job to its end with the built CLI. */
export function runJob(env: NodeJS.ProcessEnv, job: JobOptions, cwd?: string): Promise<CliResult> {
  return runCli(runArgs(job), env, cwd);
}

/** Start one job with the built CLI (to stop it, or watch it, while it runs). */
export function spawnJob(env: NodeJS.ProcessEnv, job: JobOptions): CliProcess {
  return spawnCli(runArgs(job), env);
}

/**
 * The environment of a CLI that talks to a loopback AWS API the test serves itself (not the
 * emulator): any credentials, one region, no DEBUG (so no stack traces unless a test asks).
 */
export function loopbackAwsEnv(
  endpoint: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    ...extra,
  };
  delete env.DEBUG;
  return env;
}

/** What `s3bulk run --json` prints when a job ends. */
export interface JobSummary {
  readonly jobId: string;
  readonly status: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly reportPath: string;
  readonly durationMs: number;
  readonly failureReason?: string;
}

/** The JSON summary a job printed on stdout. */
export function jobSummary(result: CliResult): JobSummary {
  return JSON.parse(result.stdout) as JobSummary;
}
