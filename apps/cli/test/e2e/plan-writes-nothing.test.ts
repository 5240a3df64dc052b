import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import {
  copyTo,
  csvManifest,
  jobSummary,
  jobsIn,
  refusedPrefixRow,
  runArgs,
  seedBucket,
  tagWith,
} from './cli-job.js';
import { requireBuiltCli, runCli, tempDir, writeText } from './run-cli.js';

describe('s3bulk plan', () => {
  const emulator = useEmulator();

  it('counts the copies and deletes a pairs sync would do, and writes nothing', async () => {
    requireBuiltCli();
    // Prepare
    const src = await seedBucket(emulator, 'plan-src', {
      'in/a.txt': 'a',
      'in/b.txt': 'b',
      'in/sub/c.txt': 'c',
      'one.txt': '1',
    });
    const dst = await seedBucket(emulator, 'plan-dst', {
      'out/a.txt': 'a',
      'out/stale-1.txt': 's',
      'out/stale-2.txt': 's',
    });
    const dir = await tempDir();
    const manifest = await writeText(
      dir,
      'pairs.csv',
      `s3://${src}/in/,s3://${dst}/out/\ns3://${src}/one.txt,s3://${dst}/copied/one.txt\n`,
    );
    const flags = [
      '--manifest',
      manifest,
      '--sync-delete',
      '--job-dir',
      jobsIn(dir),
      '--report',
      join(dir, 'r'),
    ];

    // Act
    const json = await runCli(['plan', ...flags, '--json'], emulator.processEnv());
    const human = await runCli(['plan', ...flags, '--show', '2'], emulator.processEnv());

    // Assess
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as {
      operation: string;
      total: number;
      actions: Record<string, number>;
      reasons: Record<string, number>;
      tasks: unknown[];
      estimate: { requests: Record<string, number>; executors: { executor: string }[] };
    };
    expect(plan.operation).toBe('S3BulkPairs');
    expect(plan.actions).toEqual({ copy: 3, delete: 2 });
    // Why each sync task would run, as the report will say it; no id for a job never created.
    expect(plan.reasons).toEqual({ 'missing at destination': 2, 'missing at source': 2 });
    expect(plan).not.toHaveProperty('jobId');
    expect(plan.total).toBe(5);
    expect(plan.tasks).toContainEqual(
      expect.objectContaining({
        action: 'copy',
        object: `s3://${src}/one.txt`,
        destination: `s3://${dst}/copied/one.txt`,
      }),
    );
    expect(plan.tasks).toContainEqual(
      expect.objectContaining({
        action: 'delete',
        object: `s3://${dst}/out/stale-1.txt`,
        reason: 'missing at source',
      }),
    );
    // The estimate: both sides listed once, three copies, the two deletes in one batch.
    expect(plan.estimate.requests).toEqual({ CopyObject: 3, DeleteObjects: 1, ListObjectsV2: 2 });
    expect(plan.estimate.executors.map((e) => e.executor)).toEqual([
      'local',
      'aws-batch',
      's3-batch-operations',
    ]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/requests {2}LIST 2, COPY 3, DELETE 1/);
    expect(human.stdout).toMatch(/missing at destination\s+2/);
    expect(human.stdout).toMatch(/5 tasks/);
    expect(human.stdout).toMatch(/First 2:/);
    expect(human.stdout).toMatch(/Nothing was written/);
    // Nothing written: no job folder, no report, the destination as it was.
    expect(existsSync(jobsIn(dir))).toBe(false);
    expect(existsSync(join(dir, 'r'))).toBe(false);
    expect(await emulator.listKeys(dst)).toEqual([
      'out/a.txt',
      'out/stale-1.txt',
      'out/stale-2.txt',
    ]);
  });

  it('counts no LIST for a prefix row whose listing was never sent (connection refused)', async () => {
    requireBuiltCli();
    // Prepare
    const { manifest, endpoint } = await refusedPrefixRow(await tempDir());

    // Act
    const json = await runCli(
      ['plan', '--manifest', manifest, '--endpoint-url', endpoint, '--json'],
      emulator.processEnv(),
    );

    // Assess: the row would fail (exit 3); its LIST never left, so none is priced.
    expect(json.code, json.stderr).toBe(3);
    const plan = JSON.parse(json.stdout) as {
      actions: Record<string, number>;
      estimate: { requests: Record<string, number> };
    };
    expect(plan.actions).toEqual({ fail: 1 });
    expect(plan.estimate.requests).toEqual({});
  });

  it('counts the objects a bucket listing with filters matches', async () => {
    requireBuiltCli();
    // Prepare
    const bucket = await seedBucket(emulator, 'plan-generate', {
      'logs/a.log': 'x'.repeat(100),
      'logs/b.log': 'x'.repeat(10),
      'logs/c.txt': 'x'.repeat(100),
      'other/d.log': 'x'.repeat(100),
    });

    // Act
    const result = await runCli(
      [
        'plan',
        '--generate',
        `s3://${bucket}/logs/`,
        '--key-suffix',
        '.log',
        '--min-size',
        '50',
        '--operation',
        tagWith('k', 'v'),
        '--json',
      ],
      emulator.processEnv(),
    );

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      total: number;
      actions: Record<string, number>;
      tasks: { object: string }[];
      estimate: { requests: Record<string, number>; bytes: { objects: number } };
    };
    expect(plan.total).toBe(1);
    expect(plan.actions).toEqual({ S3PutObjectTagging: 1 });
    expect(plan.tasks.map((t) => t.object)).toEqual([`s3://${bucket}/logs/a.log`]);
    // One listing page, one tagging call, the size the listing gave.
    expect(plan.estimate.requests).toEqual({ ListObjectsV2: 1, PutObjectTagging: 1 });
    expect(plan.estimate.bytes.objects).toBe(100);
  });
  it('with --resume, shows what is left of a job', async () => {
    requireBuiltCli();
    // Prepare: a job that ran to the end, so every task is in its ledger.
    const bucket = await seedBucket(emulator, 'plan-resume', ['a.txt', 'b.txt']);
    const target = await seedBucket(emulator, 'plan-resume-dst');
    const dir = await tempDir();
    const jobsDir = jobsIn(dir);
    const manifest = await csvManifest(dir, bucket, ['a.txt', 'b.txt']);
    const run = await runCli(
      runArgs({ manifest, operation: copyTo(target), dir, report: false }),
      emulator.processEnv(),
    );
    const { jobId } = jobSummary(run);

    // Act
    const result = await runCli(
      ['plan', '--resume', jobId, '--job-dir', jobsDir, '--json'],
      emulator.processEnv(),
    );

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ jobId, total: 0, alreadyDone: 2, tasks: [] });
  });
});
