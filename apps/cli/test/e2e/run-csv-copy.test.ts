import { join } from 'node:path';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import { AWKWARD_KEYS, encodeManifestKey, useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyTo, runJob, seedBucket, tagWith } from './cli-job.js';
import { requireBuiltCli, reportRows, tempDir, writeText } from './run-cli.js';

describe('s3bulk run: S3 Batch Operations CSV manifest', () => {
  const emulator = useEmulator();

  it('copies every listed object and writes the report to s3://, printing only the JSON summary', async () => {
    requireBuiltCli();
    // Prepare
    const keys = [...AWKWARD_KEYS, 'not/listed.txt'];
    const src = await seedBucket(
      emulator,
      'csv-src',
      Object.fromEntries(keys.map((k) => [k, `body of ${k}`])),
    );
    const dst = await seedBucket(emulator, 'csv-dst');
    const reports = await seedBucket(emulator, 'csv-reports');
    const listed = AWKWARD_KEYS;
    const csv = listed.map((k) => `${src},${encodeManifestKey(k)}`).join('\n');
    const dir = await tempDir();
    const manifest = await writeText(dir, 'manifest.csv', `${csv}\n`);

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest,
      operation: copyTo(dst, { MetadataDirective: 'COPY' }),
      dir,
      report: `s3://${reports}/batch`,
      flags: ['--format', 'csv'],
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      'jobId',
      'status',
      'total',
      'succeeded',
      'failed',
      'reportPath',
      'durationMs',
    ]);
    expect(summary).toMatchObject({
      status: 'Complete',
      total: listed.length,
      succeeded: listed.length,
      failed: 0,
    });
    expect(summary.reportPath).toBe(
      `s3://${reports}/batch/job-${String(summary.jobId)}/manifest.json`,
    );
    expect(await emulator.listKeys(dst)).toEqual([...listed].sort());
    for (const key of listed) expect(await emulator.getText(dst, key)).toBe(`body of ${key}`);
    const rows = await reportRows(String(summary.reportPath), emulator);
    expect(rows.map((r) => r.key).sort()).toEqual([...listed].sort());
    expect(rows.every((r) => r.status === 'succeeded' && r.bucket === src)).toBe(true);
  });

  it('tags every object of a manifest stored in S3, guessing its format', async () => {
    requireBuiltCli();
    // Prepare
    const keys = ['a.txt', 'dir/b c.txt', 'plus+sign.txt'];
    const bucket = await seedBucket(emulator, 'csv-tag', keys);
    await emulator.putObjects(bucket, {
      'manifests/tag.csv': keys.map((k) => `${bucket},${encodeManifestKey(k)}`).join('\n'),
    });
    const dir = await tempDir();

    // Act
    const result = await runJob(emulator.processEnv(), {
      manifest: `s3://${bucket}/manifests/tag.csv`,
      operation: tagWith('team', 'data'),
      dir,
      report: join(dir, 'reports'),
      json: false,
      flags: ['--report-scope', 'FailedTasksOnly'],
    });

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/as csv/);
    for (const key of keys) {
      const tags = await emulator.s3.send(
        new GetObjectTaggingCommand({ Bucket: bucket, Key: key }),
      );
      expect(tags.TagSet).toEqual([{ Key: 'team', Value: 'data' }]);
    }
    const reportPath = /Report: (.+)$/m.exec(result.stdout)?.[1];
    expect(await reportRows(reportPath!)).toEqual([]);
  });
});
