import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopbackAwsEnv } from './cli-job.js';
import { requireBuiltCli, runCli } from './run-cli.js';

// A loopback server that speaks just enough of the S3 Control API (ListJobs) to show where the
// CLI sends its requests: `s3bulk serve` and emulators listen on an IP or a name of their own,
// with no `<account-id>.` host in front of it.
const ACCOUNT = '123456789012';
const LIST_JOBS = `<?xml version="1.0" encoding="UTF-8"?>
<ListJobsResult><Jobs><member>
<JobId>job-on-loopback</JobId><Operation>S3PutObjectTagging</Operation><Priority>10</Priority>
<Status>Complete</Status><CreationTime>2026-01-02T03:04:05Z</CreationTime>
<ProgressSummary><TotalNumberOfTasks>3</TotalNumberOfTasks><NumberOfTasksSucceeded>3</NumberOfTasksSucceeded><NumberOfTasksFailed>0</NumberOfTasksFailed></ProgressSummary>
</member></Jobs></ListJobsResult>`;

let server: Server;
let endpoint: string;
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end(LIST_JOBS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('s3bulk batchops against a custom endpoint', () => {
  it('lists the jobs of AWS_ENDPOINT_URL, with no account id in front of its host', async () => {
    requireBuiltCli();
    // Prepare
    const env = loopbackAwsEnv(endpoint, { S3BULK_ACCOUNT_ID: ACCOUNT });

    // Act
    const human = await runCli(['batchops', 'list'], env);
    const json = await runCli(['batchops', 'list', '--json'], env);

    // Assess
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/job-on-loopback\s+Complete\s+S3PutObjectTagging/);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      jobs: [expect.objectContaining({ jobId: 'job-on-loopback', status: 'Complete', total: 3 })],
    });
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const request of requests) {
      expect(request.url).toMatch(/^\/v20180820\/jobs/);
      expect(request.headers.host).toBe(new URL(endpoint).host);
      expect(request.headers['x-amz-account-id']).toBe(ACCOUNT);
    }
  });

  it('says what failed, without a stack trace, when the endpoint refuses connections', async () => {
    requireBuiltCli();
    // Prepare: a port where nothing listens.
    const env = loopbackAwsEnv('http://127.0.0.1:9', { AWS_MAX_ATTEMPTS: '1' });

    // Act
    const result = await runCli(['batchops', 'list', '--account-id', ACCOUNT], env);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
