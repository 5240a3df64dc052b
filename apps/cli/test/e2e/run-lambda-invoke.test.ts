import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvManifest, jobSummary, runJob } from './cli-job.js';
import { reportRows, requireBuiltCli, tempDir } from './run-cli.js';

// moto's Lambda runs no code without Docker: a loopback server speaks the Lambda Invoke API
// (POST /2015-03-31/functions/<name>/invocations) and answers as a function would, by key.
let server: Server;
let endpoint: string;
const invoked: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as {
        invocationSchemaVersion: string;
        invocationId: string;
        tasks: { taskId: string; s3Key: string }[];
      };
      const task = event.tasks[0]!;
      invoked.push(`${req.url} ${task.s3Key}`);
      const failed = task.s3Key.startsWith('bad');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          invocationSchemaVersion: event.invocationSchemaVersion,
          treatMissingKeysAs: 'PermanentFailure',
          invocationId: event.invocationId,
          results: [
            {
              taskId: task.taskId,
              resultCode: failed ? 'PermanentFailure' : 'Succeeded',
              resultString: failed ? 'cannot process it' : `thumbnail of ${task.s3Key}`,
            },
          ],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

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
        AWS_ENDPOINT_URL_LAMBDA: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
      { manifest, operation, dir, flags: ['--region', 'us-east-1'] },
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(invoked.sort()).toEqual([
      '/2015-03-31/functions/thumbnails/invocations a.jpg',
      '/2015-03-31/functions/thumbnails/invocations bad.jpg',
    ]);
    const rows = await reportRows(jobSummary(result).reportPath);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['a.jpg']).toMatchObject({ status: 'succeeded', message: 'thumbnail of a.jpg' });
    expect(byKey['bad.jpg']).toMatchObject({ status: 'failed', message: 'cannot process it' });
  });
});
