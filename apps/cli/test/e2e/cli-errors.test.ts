import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useEmulator } from '@s3bulk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTo, loopbackAwsEnv, runArgs, seedBucket } from './cli-job.js';
import { requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// Issue 12, items 4 and 11: every failure tells the operator what broke, in one shape.

// An S3 Control endpoint that refuses every request as AWS does, with request ids in the body.
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(403, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'REQID0001' });
    res.end(
      '<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>AccessDenied</Code>' +
        '<Message>Access Denied</Message></Error><RequestId>REQID0001</RequestId>' +
        '<HostId>HOSTID0001</HostId></ErrorResponse>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The one JSON object on stdout. */
function onlyJson(stdout: string): unknown {
  return JSON.parse(stdout);
}

describe('s3bulk: failures with --json', () => {
  const emulator = useEmulator();

  it('prints one {"error": {code, message}} for bad input (exit 2)', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'json-err');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'bad.csv', `${bucket},a.txt\nBAD_BUCKET!,key\n`);

    // Act
    const result = await runCli(
      runArgs({ manifest, operation: copyTo(bucket), dir, flags: ['--format', 'csv'] }),
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    const out = onlyJson(result.stdout) as { error: Record<string, unknown> };
    expect(Object.keys(out)).toEqual(['error']);
    expect(Object.keys(out.error)).toEqual(['code', 'message']);
    expect(out.error.code).toBe('InvalidManifest');
    expect(out.error.message).toContain(`${manifest}:2`);
  });

  it('prints the same shape for an AWS error (exit 1), without request ids or SDK metadata', async () => {
    requireBuiltCli();
    // Prepare
    const env = loopbackAwsEnv(endpoint);

    // Act
    const json = await runCli(['batchops', 'list', '--account-id', '123456789012', '--json'], env);
    const human = await runCli(['batchops', 'list', '--account-id', '123456789012'], env);

    // Assess
    expect(json.code).toBe(1);
    expect(onlyJson(json.stdout)).toEqual({
      error: { code: 'AccessDenied', message: 'Access Denied' },
    });
    expect(json.stdout + json.stderr).not.toMatch(/\$metadata|REQID0001|HOSTID0001/);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('Access Denied');
    expect(human.stderr).toContain('DEBUG=*');
    expect(human.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('s3bulk: messages', () => {
  const emulator = useEmulator();

  it('an unknown flag prints the error and one hint, not the help', async () => {
    requireBuiltCli();
    // Act
    const result = await runCli(['run', '--no-such-flag'], emulator.processEnv());

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Nonexistent flag: --no-such-flag');
    expect(result.stderr).toContain('--help');
    expect(result.stderr).not.toContain('FLAGS');
    expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(4);
  });

  it('an empty manifest is called empty, with no Preparing line and no row to fix', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'empty-m');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'empty.csv', '');

    // Act
    const result = await runCli(
      runArgs({ manifest, operation: copyTo(bucket), dir, json: false }),
      emulator.processEnv(),
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/empty/);
    expect(result.stderr).not.toMatch(/not s3:\/\/ URLs|status: Preparing|Fix the row/);
  });

  it('--help at 80 columns prints every example command whole, on one line', async () => {
    requireBuiltCli();
    // Act
    const result = await runCli(['run', '--help'], { ...emulator.processEnv(), COLUMNS: '80' });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const commands = result.stdout
      .split('\n')
      .filter((line) => line.trimStart().startsWith('$ s3bulk run'));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const line of commands) expect(line.trimEnd()).not.toMatch(/\\$/);
    expect(result.stdout).toContain(
      `--operation '{"S3InitiateRestoreObject":{"ExpirationInDays":7,"GlacierJobTier":"BULK"}}'`,
    );
  });
});
