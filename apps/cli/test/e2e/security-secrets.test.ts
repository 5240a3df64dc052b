import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { useEmulator, type TestEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyTo, runArgs, seedBucket, type JobOptions } from './cli-job.js';
import { requireBuiltCli, runCli, tempDir, writeText, type CliResult } from './run-cli.js';

// Issue 7, security: credentials, session tokens and pre-signed URLs never reach an output. The
// emulator accepts any credentials, so every run below signs its requests with marker values.
const MARKERS = {
  AWS_ACCESS_KEY_ID: 'AKIAS3BULKMARKER0001',
  AWS_SECRET_ACCESS_KEY: 's3bulkMarkerSecretKeyDoNotPrint0000000001',
  AWS_SESSION_TOKEN: 's3bulkMarkerSessionTokenDoNotPrint00000001',
};
const FORBIDDEN = [
  ...Object.values(MARKERS),
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];
const DEAD_ENDPOINT = 'http://127.0.0.1:1';

/** The forbidden strings found in `text` (empty when clean). */
function leaks(text: string): string[] {
  return FORBIDDEN.filter((secret) => text.toLowerCase().includes(secret.toLowerCase()));
}

/** The text of every file under `dir` (job folder, report folder, manifests written). */
async function filesText(dir: string): Promise<string> {
  if (!existsSync(dir)) return '';
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

/** The text of every object of a bucket (an S3 report). */
async function bucketText(emulator: TestEmulator, bucket: string): Promise<string> {
  const texts = await Promise.all(
    (await emulator.listKeys(bucket)).map(async (key) => {
      const res = await emulator.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return res.Body?.transformToString() ?? '';
    }),
  );
  return texts.join('\n');
}

describe('security: no credentials, tokens or signatures in any output', () => {
  const emulator = useEmulator();

  it('success, failure, dead endpoint and manifest validate runs print and write none', async () => {
    requireBuiltCli();
    // Prepare
    const src = await seedBucket(emulator, 'secrets-src', { 'a.txt': 'a', 'b.txt': 'b' });
    const dst = await seedBucket(emulator, 'secrets-dst');
    const reports = await seedBucket(emulator, 'secrets-reports');
    const dir = await tempDir('s3bulk-secrets-');
    const good = await writeText(dir, 'good.csv', `${src},a.txt\n${src},b.txt\n`);
    const partly = await writeText(dir, 'partly.csv', `${src},a.txt\n${src},missing.txt\n`);
    const bad = await writeText(dir, 'bad.csv', `${src},a.txt\nNOT A BUCKET,b.txt\n`);
    await emulator.putObjects(src, { 'manifests/good.csv': `${src},a.txt\n` });
    const env = emulator.processEnv(MARKERS);
    const dead = ['--endpoint-url', DEAD_ENDPOINT];
    // Each run has its own folder under `dir` (job folders, report), so its writes are read back.
    const job = (name: string, manifest: string, more: Partial<JobOptions> = {}) =>
      runArgs({ manifest, operation: copyTo(dst), dir: join(dir, name), json: false, ...more });
    const runs: Record<string, string[]> = {
      success: job('ok', good),
      successJson: job('json', good, { report: `s3://${reports}/r`, json: true }),
      failedTasks: job('failed', partly),
      badManifest: job('bad', bad, { report: false, flags: ['--format', 'csv'] }),
      deadEndpoint: job('dead', good, { flags: dead }),
      deadEndpointJson: job('dead-json', good, { report: false, json: true, flags: dead }),
      deadEndpointManifest: job('dead-m', `s3://${src}/manifests/good.csv`, {
        report: false,
        flags: dead,
      }),
      validate: ['manifest', 'validate', `s3://${src}/manifests/good.csv`],
      validateJson: ['manifest', 'validate', bad, '--json'],
      validateDead: [
        'manifest',
        'validate',
        `s3://${src}/manifests/good.csv`,
        '--endpoint-url',
        DEAD_ENDPOINT,
      ],
    };

    // Act
    const results: Record<string, CliResult> = {};
    for (const [name, args] of Object.entries(runs)) results[name] = await runCli(args, env, dir);
    const written = await filesText(dir);
    const uploaded = await bucketText(emulator, reports);

    // Assess: the runs did what they were meant to, so their outputs are the real ones.
    expect(results.success?.code, results.success?.stderr).toBe(0);
    expect(results.successJson?.code, results.successJson?.stderr).toBe(0);
    expect(results.failedTasks?.code, results.failedTasks?.stderr).toBe(3);
    expect(results.badManifest?.code).toBe(2);
    expect(results.deadEndpoint?.code).not.toBe(0);
    expect(results.deadEndpointJson?.code).not.toBe(0);
    expect(results.deadEndpointManifest?.code).not.toBe(0);
    expect(results.validate?.code, results.validate?.stderr).toBe(0);
    expect(results.validateJson?.code).toBe(2);
    expect(results.validateDead?.code).not.toBe(0);
    expect(uploaded).toContain('a.txt');
    expect(written).toContain('missing.txt');
    const found = Object.fromEntries(
      Object.entries(results).map(([name, r]) => [name, leaks(r.stdout + r.stderr)]),
    );
    expect(found).toEqual(Object.fromEntries(Object.keys(runs).map((name) => [name, []])));
    expect(leaks(written)).toEqual([]);
    expect(leaks(uploaded)).toEqual([]);
  });
});
