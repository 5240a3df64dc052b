import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_ENGINE_SETTINGS } from '@s3bulk/core';
import { startFakeLambda, taskReply, THROTTLED, type FakeLambda } from '@s3bulk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// A loopback Lambda Invoke API whose function never succeeds, in two retryable ways: the Invoke
// API throttles (429, which the SDK itself would retry) or the function answers TemporaryFailure.
// Each request it counts is one invocation, whoever retried it.
let lambda: FakeLambda;
const invocations = () => Object.fromEntries(lambda.invocations);

beforeAll(async () => {
  lambda = await startFakeLambda((event) =>
    event.tasks[0]!.s3Key.startsWith('throttled')
      ? THROTTLED
      : taskReply(event, 'TemporaryFailure', 'try later'),
  );
});

afterAll(() => lambda.stop());

/** Credentials, and the loopback function for the Lambda SDK (`--endpoint-url` is S3's only). */
function lambdaEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
  };
}

describe('s3bulk run: LambdaInvoke attempts', () => {
  beforeEach(() => lambda.invocations.clear());

  it("invokes an always-failing function the engine's attempts per object, not more", async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'm.csv',
      'photos-bucket,throttled.jpg\nphotos-bucket,temporary.jpg\n',
    );
    const operation = JSON.stringify({
      LambdaInvoke: { FunctionArn: 'thumbnails', InvocationSchemaVersion: '2.0' },
    });

    // Act
    const result = await runCli(
      [
        'run',
        '--manifest',
        manifest,
        '--operation',
        operation,
        '--endpoint-url',
        lambda.endpoint,
        '--region',
        'us-east-1',
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      lambdaEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(invocations()).toEqual({
      'throttled.jpg': DEFAULT_ENGINE_SETTINGS.maxAttempts,
      'temporary.jpg': DEFAULT_ENGINE_SETTINGS.maxAttempts,
    });
    const rows = await reportRows((JSON.parse(result.stdout) as { reportPath: string }).reportPath);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['throttled.jpg']).toMatchObject({
      status: 'failed',
      errorCode: 'TooManyRequestsException',
    });
    expect(byKey['temporary.jpg']).toMatchObject({ status: 'failed', message: 'try later' });
  });

  it("a job file's engine.maxAttempts bounds the invocations per object", async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const manifest = await writeText(dir, 'm.csv', 'photos-bucket,throttled-2.jpg\n');
    const spec = join(dir, 'job.json');
    await writeFile(
      spec,
      JSON.stringify({
        version: 1,
        manifest: { format: 'csv', location: manifest },
        operation: { LambdaInvoke: { FunctionArn: 'thumbnails', InvocationSchemaVersion: '2.0' } },
        report: { location: join(dir, 'r'), scope: 'AllTasks' },
        engine: { maxAttempts: 3 },
        aws: { region: 'us-east-1' },
      }),
    );

    // Act
    const result = await runCli(
      ['run', '--spec', spec, '--job-dir', join(dir, 'jobs'), '--json'],
      lambdaEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(invocations()).toEqual({ 'throttled-2.jpg': 3 });
  });
});
