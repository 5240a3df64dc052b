import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BatchClient,
  DescribeJobsCommand,
  CreateComputeEnvironmentCommand,
  CreateJobQueueCommand,
  RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import type { TestEmulator } from '@s3bulk/testing';
import { runCli, type CliResult } from './run-cli.js';

/** A Batch queue and worker job definition on the emulator (moto runs jobs without Docker). */
export interface BatchSetup {
  readonly batch: BatchClient;
  readonly jobQueue: string;
  readonly jobDefinition: string;
}

export async function createBatchSetup(emulator: TestEmulator, name: string): Promise<BatchSetup> {
  const { endpoint, region, accessKeyId, secretAccessKey } = emulator.info;
  const config = { endpoint, region, credentials: { accessKeyId, secretAccessKey } };
  const batch = new BatchClient(config);
  // moto checks that the service role exists in IAM.
  const iam = new IAMClient(config);
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: `${name}-batch`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'batch.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    }),
  );
  iam.destroy();
  const ce = await batch.send(
    new CreateComputeEnvironmentCommand({
      computeEnvironmentName: `${name}-ce`,
      type: 'UNMANAGED',
      state: 'ENABLED',
      serviceRole: role.Role!.Arn!,
    }),
  );
  await batch.send(
    new CreateJobQueueCommand({
      jobQueueName: `${name}-queue`,
      priority: 1,
      state: 'ENABLED',
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: ce.computeEnvironmentArn! }],
    }),
  );
  await batch.send(
    new RegisterJobDefinitionCommand({
      jobDefinitionName: `${name}-worker`,
      type: 'container',
      parameters: { s3_bucket: 'unset', s3_key: 'unset' },
      containerProperties: {
        image: 's3bulk-worker:latest',
        vcpus: 1,
        memory: 2048,
        command: ['Ref::s3_bucket', 'Ref::s3_key', 'True', 'True'],
      },
    }),
  );
  return { batch, jobQueue: `${name}-queue`, jobDefinition: `${name}-worker` };
}

const WORKER_BUNDLE_SCRIPT = resolve(import.meta.dirname, '../../../worker/scripts/bundle.mjs');

/** The worker bundle, as the image runs it, in a folder of its own. */
export function bundleWorker(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 's3bulk-cli-worker-')), 'main.mjs');
  const result = spawnSync(process.execPath, [WORKER_BUNDLE_SCRIPT, outfile], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling the worker failed:\n${result.stderr}`);
  return outfile;
}

/**
 * Play AWS Batch's part for one child: run the worker with the job's command and environment
 * and the variables Batch sets. moto_server (no Docker) only simulates the states.
 */
export function runWorkerChild(
  bundle: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolveDone) => child.on('close', (code) => resolveDone({ code, output })));
}

/**
 * Run every child of a submitted job the way Batch would: its command (parameters filled in),
 * its environment and the variables Batch sets (array index, job id, attempt).
 */
export async function playBatch(
  setup: BatchSetup,
  emulator: TestEmulator,
  bundle: string,
  jobId: string,
): Promise<{ code: number | null; output: string }[]> {
  const job = (await setup.batch.send(new DescribeJobsCommand({ jobs: [jobId] }))).jobs![0]!;
  const size = job.arrayProperties?.size ?? 1;
  const params = job.parameters ?? {};
  const args = (job.container?.command ?? []).map((a) =>
    a.replace(/^Ref::(\w+)$/, (_m, p: string) => params[p] ?? ''),
  );
  const env = Object.fromEntries(
    (job.container?.environment ?? []).map((e) => [e.name!, e.value ?? '']),
  );
  return Promise.all(
    Array.from({ length: size }, (_, i) =>
      runWorkerChild(
        bundle,
        args,
        emulator.processEnv({
          ...env,
          AWS_BATCH_JOB_ID: size > 1 ? `${jobId}:${i}` : jobId,
          AWS_BATCH_JOB_ATTEMPT: '1',
          ...(size > 1 ? { AWS_BATCH_JOB_ARRAY_INDEX: String(i) } : {}),
        }),
      ),
    ),
  );
}

/**
 * `s3bulk submit` with `args` on the setup's job queue and job definition (unless `args` name
 * others), as a user would type it against the emulator.
 */
export function submitCli(
  setup: BatchSetup,
  emulator: TestEmulator,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(
    [
      'submit',
      ...args,
      ...(args.includes('--job-queue') ? [] : ['--job-queue', setup.jobQueue]),
      ...(args.includes('--job-definition') ? [] : ['--job-definition', setup.jobDefinition]),
    ],
    emulator.processEnv(env),
  );
}
