import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { jobSummary, refusedPrefixRow, runJob, seedBucket } from './cli-job.js';
import { reportRows, requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

// Issue 12, item 2: a prefix row that cannot be listed fails alone, in the report, naming its row
// and URL; the job goes on with the other rows and ends with exit 3, not an error with no row.
describe('s3bulk run: a pairs prefix row that cannot be listed', () => {
  const emulator = useEmulator();

  /** A pairs manifest whose first row's source bucket is missing; the second row can run. */
  async function missingBucketRows(name: string) {
    const src = await seedBucket(emulator, `${name}-src`, ['in/a.txt', 'in/b.txt']);
    const dst = await seedBucket(emulator, `${name}-dst`);
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'pairs.csv',
      [
        'source,destination',
        `s3://no-such-bucket-s3bulk-e2e/p/,s3://${dst}/x/`,
        `s3://${src}/in/,s3://${dst}/out/`,
        '',
      ].join('\n'),
    );
    return { dst, dir, manifest };
  }

  it('ends as one failed task naming file:line and the URL when its bucket is missing; the other rows run', async () => {
    requireBuiltCli();
    // Prepare
    const { dst, dir, manifest } = await missingBucketRows('row');

    // Act
    const result = await runJob(emulator.processEnv(), { manifest, dir, flags: ['--header'] });

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
    expect(summary).toMatchObject({ status: 'Complete', total: 3, succeeded: 2, failed: 1 });
    expect(await emulator.listKeys(dst)).toEqual(['out/a.txt', 'out/b.txt']);
    const failed = (await reportRows(summary.reportPath)).filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      bucket: 'no-such-bucket-s3bulk-e2e',
      key: 'p/',
      errorCode: 'NoSuchBucket',
    });
    expect(failed[0]?.message).toContain(
      `${manifest}:2: cannot list s3://no-such-bucket-s3bulk-e2e/p/`,
    );
  });

  it('ends as one failed task naming the row and URL when the endpoint refuses connections', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir();
    const { manifest, endpoint } = await refusedPrefixRow(dir, true);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      dir,
      flags: ['--header', '--endpoint-url', endpoint],
    });

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const summary = jobSummary(result);
    expect(summary).toMatchObject({ status: 'Complete', total: 1, failed: 1 });
    const rows = await reportRows(summary.reportPath);
    expect(rows).toEqual([
      expect.objectContaining({ bucket: 'src-bucket', key: 'in/', errorCode: 'ECONNREFUSED' }),
    ]);
    expect(rows[0]?.message).toContain(`${manifest}:2: cannot list s3://src-bucket/in/`);
  });

  it('plan shows the row as a task that would fail (file:line, URL, code) and exits 3, as run does', async () => {
    requireBuiltCli();
    // Prepare
    const { manifest } = await missingBucketRows('plan');

    // Act
    const result = await runCli(
      ['plan', '--manifest', manifest, '--format', 'pairs', '--header', '--json'],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(result.stdout) as {
      total: number;
      actions: Record<string, number>;
      failing: { action: string; object: string; error: string; code: string }[];
    };
    expect(plan.total).toBe(3);
    expect(plan.actions).toEqual({ fail: 1, copy: 2 });
    expect(plan.failing).toEqual([
      expect.objectContaining({
        action: 'fail',
        object: 's3://no-such-bucket-s3bulk-e2e/p/',
        code: 'NoSuchBucket',
      }),
    ]);
    expect(plan.failing[0]?.error).toContain(
      `${manifest}:2: cannot list s3://no-such-bucket-s3bulk-e2e/p/`,
    );
  });
});
