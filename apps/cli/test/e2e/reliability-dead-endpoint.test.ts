import { freePort, startS3Simulator, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyTo, csvManifest, jobSummary, runJob } from './cli-job.js';
import { requireBuiltCli, reportRows, tempDir } from './run-cli.js';

// Issue 7, faults: an endpoint where nothing listens, or one that never answers, ends the job
// (retries run out), with every task reported failed and why, rather than a hang or a crash.
describe('s3bulk run: a dead endpoint', () => {
  const emulator = useEmulator();

  it('exits 3 with every task failed, each row naming the connection error', async () => {
    requireBuiltCli();
    // Prepare
    const port = await freePort();
    const dir = await tempDir('s3bulk-dead-');
    const keys = ['a.txt', 'b.txt', 'c/d.txt'];
    const manifest = await csvManifest(dir, 'src-bucket', keys);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo('dst-bucket'),
      dir,
      flags: ['--endpoint-url', `http://127.0.0.1:${port}`],
    });

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
    expect(summary).toMatchObject({ status: 'Complete', total: keys.length, failed: keys.length });
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'failed', errorCode: 'ECONNREFUSED' });
      expect(row.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    }
  });

  it('with --attempt-timeout, an endpoint that never answers ends the job: exit 3, every task timed out', async () => {
    requireBuiltCli();
    // Prepare
    const hung = await startS3Simulator({ latencyMs: 0, stallRate: 1 });
    const dir = await tempDir('s3bulk-hung-');
    const keys = ['a.txt', 'b.txt'];
    const manifest = await csvManifest(dir, 'src-bucket', keys);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo('dst-bucket'),
      dir,
      flags: ['--endpoint-url', hung.endpoint, '--attempt-timeout', '300ms'],
    }).finally(() => hung.stop());

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
    expect(summary.failed).toBe(keys.length);
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.key).sort()).toEqual(keys);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'failed', errorCode: 'RequestTimeout' });
      expect(row.message).toMatch(/timed? ?out/i);
    }
  });
});
