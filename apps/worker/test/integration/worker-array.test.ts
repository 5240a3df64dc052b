import { readCompletionReport, readShardProgress, type ReportRecord } from '@s3bulk/core';
import { AWKWARD_KEYS, encodeManifestKey, useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrayEnv, bundleWorker, spawnWorker } from '../worker-process.js';

const emulator = useEmulator();
let bundle: string;

beforeAll(() => {
  bundle = bundleWorker();
});

async function reportRows(location: string): Promise<ReportRecord[]> {
  const report = await readCompletionReport(location, { s3: emulator.s3 });
  const rows: ReportRecord[] = [];
  for await (const row of report.rows()) rows.push(row);
  return rows;
}

/** Run `count` children of one array job side by side; resolves with their exits. */
async function runArray(count: number, args: string[], env: Record<string, string>) {
  const children = Array.from({ length: count }, (_, i) =>
    spawnWorker(bundle, args, emulator.processEnv(arrayEnv(i, count, env))),
  );
  return Promise.all(children.map((c) => c.done));
}

describe('worker: array job over one manifest', { timeout: 180_000 }, () => {
  it('splits a pairs manifest with object rows and a prefix row across 3 children', async () => {
    // Prepare
    const input = await emulator.createBucket('input');
    const src = await emulator.createBucket('src');
    const dst = await emulator.createBucket('dst');
    const work = await emulator.createBucket('work');
    const singles = Array.from({ length: 20 }, (_, i) => `single/obj-${i}.txt`);
    const tree = [
      ...AWKWARD_KEYS.filter((k) => !k.startsWith('long/')),
      ...Array.from({ length: 35 }, (_, i) => `${'ABCabc019_-'[i % 11]}${i}/file-${i}.bin`),
    ];
    await emulator.putObjects(src, Object.fromEntries(singles.map((k) => [k, `body of ${k}`])));
    await emulator.putObjects(src, Object.fromEntries(tree.map((k) => [`tree/${k}`, `tree ${k}`])));
    await emulator.putObjects(dst, { 'mirror/stale-1.txt': 'stale' });
    const rows = [
      'source,destination',
      ...singles.map((k) => `s3://${src}/${k},s3://${dst}/copied/${k.slice('single/'.length)}`),
      `s3://${src}/tree/,s3://${dst}/mirror/`,
    ];
    await emulator.putObjects(input, { 'input/s3_batch_sync_input-a.csv': `${rows.join('\n')}\n` });

    // Act: the seed's command, unchanged: <bucket> <key> <header> <sync_delete>
    const exits = await runArray(3, [input, 'input/s3_batch_sync_input-a.csv', 'True', 'True'], {
      S3BULK_JOB_ID: 'pairs-array',
      S3BULK_CHECKPOINT: `s3://${work}/checkpoints`,
      S3BULK_REPORT: `s3://${work}/reports`,
      S3BULK_CONCURRENCY: '8',
    });

    // Assess
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.stderr).join('\n'),
    ).toEqual([0, 0, 0]);
    expect(await emulator.listKeys(dst)).toEqual(
      [
        ...singles.map((k) => `copied/${k.slice('single/'.length)}`),
        ...tree.map((k) => `mirror/${k}`),
      ].sort(),
    );
    const report = await reportRows(`s3://${work}/reports/job-pairs-array/manifest.json`);
    const named = report.map((r) => `${r.bucket}/${r.key}`);
    expect(new Set(named).size).toBe(named.length);
    expect(report).toHaveLength(singles.length + tree.length + 1);
    expect(report.every((r) => r.status === 'succeeded')).toBe(true);
    expect(named).toContain(`${dst}/mirror/stale-1.txt`);
    // The prefix row was shared by key space: more than one child synced part of it.
    const progress = await readShardProgress(
      emulator.s3,
      `s3://${work}/checkpoints`,
      'pairs-array',
      3,
    );
    expect(progress.succeeded).toBe(report.length);
    expect(progress.states.filter((s) => (s?.counters.succeeded ?? 0) > 7).length).toBeGreaterThan(
      1,
    );
    const planned = exits.flatMap((e) => e.logs.filter((l) => l.message === 'shard planned'));
    expect(planned.map((l) => l.shard).sort()).toEqual([0, 1, 2]);
    expect(planned.every((l) => l.jobId === 'pairs-array' && l.level === 'INFO')).toBe(true);
  });

  it('gives each row of a csv manifest to exactly one of more children than rows', async () => {
    // Prepare
    const input = await emulator.createBucket('input');
    const src = await emulator.createBucket('src');
    const dst = await emulator.createBucket('dst');
    const keys = [
      'a.txt',
      'plus+sign/a+b=c.txt',
      'with space/x.txt',
      'unicode/日本語.txt',
      'z.txt',
    ];
    await emulator.putObjects(src, Object.fromEntries(keys.map((k) => [k, `body ${k}`])));
    const manifest = keys.map((k) => `${src},${encodeManifestKey(k)}`).join('\n');
    await emulator.putObjects(input, { 'm.csv': `${manifest}\n` });

    // Act
    const exits = await runArray(8, [input, 'm.csv'], {
      S3BULK_JOB_ID: 'csv-array',
      S3BULK_MANIFEST_FORMAT: 'csv',
      S3BULK_OPERATION: JSON.stringify({
        S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${dst}` },
      }),
      S3BULK_CHECKPOINT: `s3://${input}/ck/`,
      S3BULK_REPORT: `s3://${input}/reports/`,
    });

    // Assess
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.stderr).join('\n'),
    ).toEqual(Array(8).fill(0));
    expect(await emulator.listKeys(dst)).toEqual([...keys].sort());
    const report = await reportRows(`s3://${input}/reports/job-csv-array/manifest.json`);
    expect(report.map((r) => r.key).sort()).toEqual([...keys].sort());
  });

  it('refuses to resume a job with another shard count or a changed manifest', async () => {
    // Prepare
    const bucket = await emulator.createBucket('plan');
    await emulator.putObjects(bucket, { 'a.txt': 'a', 'm.csv': `${bucket},a.txt\n` });
    const env = (shards: string) =>
      emulator.processEnv({
        S3BULK_JOB_ID: 'planned',
        S3BULK_SHARDS: shards,
        AWS_BATCH_JOB_ARRAY_INDEX: '0',
        S3BULK_MANIFEST_FORMAT: 'csv',
        S3BULK_OPERATION: JSON.stringify({
          S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}`, TargetKeyPrefix: 'copy' },
        }),
      });
    const first = await spawnWorker(bundle, [bucket, 'm.csv'], env('1')).done;

    // Act
    const moreShards = await spawnWorker(bundle, [bucket, 'm.csv'], env('2')).done;
    await emulator.putObjects(bucket, { 'm.csv': `${bucket},a.txt\n${bucket},a.txt\n` });
    const changed = await spawnWorker(bundle, [bucket, 'm.csv'], env('1')).done;

    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect([moreShards.code, changed.code]).toEqual([2, 2]);
    expect(moreShards.stderr).toContain('job planned was planned differently (shards 1 -> 2)');
    expect(changed.stderr).toMatch(/planned differently \(etag /);
  });

  it('exits 2 (permanent) for a manifest that does not exist', async () => {
    // Prepare
    const input = await emulator.createBucket('input');

    // Act
    const exit = await spawnWorker(
      bundle,
      [input, 'missing.csv', 'True', 'False'],
      emulator.processEnv(),
    ).done;

    // Assess
    expect(exit.code).toBe(2);
    const error = exit.logs.find((l) => l.message === 'shard stopped');
    expect(error).toMatchObject({ level: 'ERROR', exitCode: 2, retryable: false });
    expect(JSON.stringify(error)).toContain('manifest not found');
  });
});
