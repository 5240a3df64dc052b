import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateJobCommand,
  DescribeJobCommand,
  S3ControlClient,
  type CreateJobCommandInput,
  type JobDescriptor,
} from '@aws-sdk/client-s3-control';
import type { TestEmulator } from '@s3bulk/testing';
import { afterAll } from 'vitest';
import { spawnCli, tempDir, type CliProcess } from '../e2e/run-cli.js';

export const ACCOUNT = '123456789012';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/batch-operations`;

/** A running `s3bulk serve`, started on a free port as a script would start it. */
export interface ServeProcess {
  readonly endpoint: string;
  readonly cli: CliProcess;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `s3bulk serve --port 0 --json` and read its endpoint from the first line it prints. */
export async function startServe(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  args: readonly string[] = [],
): Promise<ServeProcess> {
  const cli = spawnCli(['serve', '--port', '0', '--json', '--data-dir', dataDir, ...args], env);
  const line = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const out = cli.stdout();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    };
    cli.child.stdout?.on('data', onData);
    void cli.done.then((r) => reject(new Error(`s3bulk serve exited ${r.code}: ${r.stderr}`)));
  });
  const { endpoint } = JSON.parse(line) as { endpoint: string };
  return {
    endpoint,
    cli,
    async stop() {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGTERM');
      await cli.done;
    },
  };
}

/**
 * `startServe` for one test file: each server it starts gets its own data folder unless given
 * one, and is stopped after the file's tests.
 */
export function useServe(): (
  env: NodeJS.ProcessEnv,
  dataDir?: string,
  args?: readonly string[],
) => Promise<ServeProcess> {
  const servers: ServeProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });
  return async (env, dataDir, args = []) => {
    const server = await startServe(env, dataDir ?? (await tempDir('s3bulk-serve-')), args);
    servers.push(server);
    return server;
  };
}

/**
 * The SDK v3 client against the server. The SDK puts the account id in front of any endpoint's
 * host (`123456789012.127.0.0.1`, which resolves nowhere); using the endpoint as given is what
 * s3bulk's own client does for custom endpoints.
 */
export function controlClient(
  endpoint: string,
  emulator: TestEmulator,
  secretAccessKey = emulator.info.secretAccessKey,
): S3ControlClient {
  const client = new S3ControlClient({
    endpoint,
    region: emulator.info.region,
    credentials: { accessKeyId: emulator.info.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  const rules = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) =>
    params.Endpoint ? { url: new URL(params.Endpoint) } : rules(params, context);
  return client;
}

/** `aws s3control <args>` with the server as its endpoint and its HTTP proxy (see docs/serve.md). */
export async function awsCli(
  endpoint: string,
  emulator: TestEmulator,
  args: readonly string[],
): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = {
    ...emulator.processEnv(),
    HTTP_PROXY: endpoint,
    AWS_DEFAULT_REGION: emulator.info.region,
  };
  delete env.NO_PROXY;
  delete env.no_proxy;
  delete env.AWS_ENDPOINT_URL;
  const { stdout } = await promisify(execFile)(
    'aws',
    ['s3control', ...args, '--endpoint-url', endpoint, '--account-id', ACCOUNT, '--output', 'json'],
    { env },
  );
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

/** Poll DescribeJob until `done` says so: waits on the job's state, never on a clock. */
export async function waitForJob(
  client: S3ControlClient,
  jobId: string,
  done: (job: JobDescriptor) => boolean,
): Promise<JobDescriptor> {
  for (;;) {
    const { Job } = await client.send(new DescribeJobCommand({ AccountId: ACCOUNT, JobId: jobId }));
    if (Job && done(Job)) return Job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const terminal = (job: JobDescriptor) =>
  ['Complete', 'Failed', 'Cancelled'].includes(job.Status ?? '');

/** Put a CSV manifest of `keys` in `bucket` and give the CreateJob `Manifest` for it. */
export async function putManifest(
  emulator: TestEmulator,
  bucket: string,
  keys: readonly string[],
  name = 'manifest.csv',
) {
  const body = keys.map((k) => `${bucket},${encodeURIComponent(k)}`).join('\n') + '\n';
  const out = await emulator.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: name, Body: body }),
  );
  return {
    Spec: {
      Format: 'S3BatchOperations_CSV_20180820' as const,
      Fields: ['Bucket' as const, 'Key' as const],
    },
    Location: {
      ObjectArn: `arn:aws:s3:::${bucket}/${name}`,
      ETag: (out.ETag ?? '').replace(/"/g, ''),
    },
  };
}

export const TAGGING = { S3PutObjectTagging: { TagSet: [{ Key: 'served', Value: 'yes' }] } };

/**
 * The CreateJob every serve test starts from: the tagging operation over `Manifest`, no report,
 * priority 1, the test role, no confirmation; `fields` names what a test changes.
 */
export function createJob(token: string, fields: Partial<CreateJobCommandInput>): CreateJobCommand {
  return new CreateJobCommand({
    AccountId: ACCOUNT,
    Operation: TAGGING,
    Report: { Enabled: false },
    Priority: 1,
    RoleArn: ROLE,
    ConfirmationRequired: false,
    ClientRequestToken: token,
    ...fields,
  });
}

export function reportOf(bucket: string, prefix: string) {
  return {
    Bucket: `arn:aws:s3:::${bucket}`,
    Prefix: prefix,
    Format: 'Report_CSV_20180820' as const,
    Enabled: true,
    ReportScope: 'AllTasks' as const,
  };
}

export { join };
