import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

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
    const manifest = await writeText(dir, 'm.csv', 'photos-bucket,a.jpg\nphotos-bucket,bad.jpg\n');
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
        '--region',
        'us-east-1',
        '--report',
        join(dir, 'r'),
        '--job-dir',
        join(dir, 'jobs'),
        '--json',
      ],
      // The SDKs' own variable for Lambda's endpoint; --endpoint-url is S3's alone.
      {
        ...process.env,
        AWS_ENDPOINT_URL_LAMBDA: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    expect(invoked.sort()).toEqual([
      '/2015-03-31/functions/thumbnails/invocations a.jpg',
      '/2015-03-31/functions/thumbnails/invocations bad.jpg',
    ]);
    const rows = await reportRows((JSON.parse(result.stdout) as { reportPath: string }).reportPath);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey['a.jpg']).toMatchObject({ status: 'succeeded', message: 'thumbnail of a.jpg' });
    expect(byKey['bad.jpg']).toMatchObject({ status: 'failed', message: 'cannot process it' });
  });
});
