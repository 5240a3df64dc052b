import { startFakeLambda, taskReply, type FakeLambda } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvManifest, jobSummary, runJob } from './cli-job.js';
import { reportRows, requireBuiltCli, tempDir } from './run-cli.js';

// moto's Lambda runs no code without Docker: a loopback function answers by key.
let lambda: FakeLambda;

beforeAll(async () => {
  lambda = await startFakeLambda((event) => {
    const key = event.tasks[0]!.s3Key;
    return key.startsWith('bad')
      ? taskReply(event, 'PermanentFailure', 'cannot process it')
      : taskReply(event, 'Succeeded', `thumbnail of ${key}`);
  });
});

afterAll(() => lambda.stop());

describe('s3bulk run: LambdaInvoke', () => {
  it('invokes the function at AWS_ENDPOINT_URL_LAMBDA once per object and reports its resultString', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const manifest = await csvManifest(dir, 'photos-bucket', ['a.jpg', 'bad.jpg']);
    const operation = JSON.stringify({
      LambdaInvoke: { FunctionArn: 'thumbnails', InvocationSchemaVersion: '2.0' },
    });

    // Act
    // The SDKs' own variable for Lambda's endpoint; --endpoint-url is S3's alone.
    const result = await runJob(
      {
        ...process.env,
        AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
      { manifest, operation, dir, flags: ['--region', 'us-east-1'] },
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(lambda.invoked.sort()).toEqual([
      '/2015-03-31/functions/thumbnails/invocations a.jpg',
      '/2015-03-31/functions/thumbnails/invocations bad.jpg',
    ]);
    const rows = await reportRows(jobSummary(result).reportPath);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['a.jpg']).toMatchObject({ status: 'succeeded', message: 'thumbnail of a.jpg' });
    expect(byKey['bad.jpg']).toMatchObject({ status: 'failed', message: 'cannot process it' });
  });
});
