import { readCompletionReport, readShardProgress } from '@s3bulk/core';
import { startRecordingProxy, useEmulator, type RecordingProxy } from '@s3bulk/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { arrayEnv, bundleWorker, spawnWorker } from '../worker-process.js';

// A prefix row whose keys all start alike ("2024-..."): the split must follow the keys, and
// each child must list only its slice. One recording proxy per child tells its requests apart.
const emulator = useEmulator();
const SHARDS = 4;
let bundle: string;
let proxies: RecordingProxy[] = [];

beforeAll(() => {
  bundle = bundleWorker();
});

afterEach(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  proxies = [];
});

function dateKeys(days: number, perDay: number): string[] {
  const keys: string[] = [];
  for (let d = 0; d < days; d++) {
    const day = new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    for (let f = 0; f < perDay; f++) keys.push(`${day}/part-${String(f).padStart(3, '0')}.json`);
  }
  return keys;
}

describe('worker: a date-prefixed prefix row over an array job', { timeout: 300_000 }, () => {
  it('splits it by the keys it holds; each child lists about its share', async () => {
    // Prepare: 2,100 keys (three ListObjectsV2 pages), all starting "2024-0"
    const input = await emulator.createBucket('skew-in');
    const src = await emulator.createBucket('skew-src');
    const dst = await emulator.createBucket('skew-dst');
    const keys = dateKeys(42, 50);
    const stale = Array.from(
      { length: 12 },
      (_, i) => `2024-0${1 + (i % 2)}-1${i % 10}/stale-${i}`,
    );
    await emulator.putObjects(src, Object.fromEntries(keys.map((k) => [`p/${k}`, 'x'])));
    await emulator.putObjects(dst, Object.fromEntries(stale.map((k) => [`q/${k}`, 'old'])));
    await emulator.putObjects(input, { 'pairs.csv': `s3://${src}/p/,s3://${dst}/q/\n` });
    const upstream = emulator.processEnv().AWS_ENDPOINT_URL ?? '';
    proxies = await Promise.all(
      Array.from({ length: SHARDS }, () => startRecordingProxy(upstream)),
    );

    // Act
    const exits = await Promise.all(
      proxies.map(
        (proxy, i) =>
          spawnWorker(
            bundle,
            [input, 'pairs.csv', 'False', 'True'],
            emulator.processEnv({
              ...arrayEnv(i, SHARDS),
              AWS_ENDPOINT_URL: proxy.url,
              S3BULK_JOB_ID: 'skewed',
              S3BULK_CHECKPOINT: `s3://${input}/ck/`,
              S3BULK_REPORT: `s3://${input}/reports/`,
              S3BULK_CONCURRENCY: '16',
            }),
          ).done,
      ),
    );

    // Assess: every key copied once, every stale key deleted once, one report row each
    expect(
      exits.map((e) => e.code),
      exits.map((e) => e.stderr).join('\n'),
    ).toEqual(Array(SHARDS).fill(0));
    expect(await emulator.listKeys(dst)).toEqual(keys.map((k) => `q/${k}`).sort());
    const copies = proxies
      .flatMap((p) => p.requests)
      .filter((r) => r.method === 'PUT' && r.headers['x-amz-copy-source']);
    const copied = copies.map((r) => decodeURIComponent(r.path.split('?')[0]!));
    expect(new Set(copied).size).toBe(keys.length);
    expect(copied).toHaveLength(keys.length);
    const report = await readCompletionReport(`s3://${input}/reports/job-skewed/manifest.json`, {
      s3: emulator.s3,
    });
    const named: string[] = [];
    for await (const row of report.rows()) named.push(`${row.bucket}/${row.key}`);
    expect(named).toHaveLength(keys.length + stale.length);
    expect(new Set(named).size).toBe(named.length);

    // No child got more than 60% of the work
    const progress = await readShardProgress(emulator.s3, `s3://${input}/ck/`, 'skewed', SHARDS);
    const done = progress.states.map((s) => s?.counters.succeeded ?? 0);
    expect(done.reduce((a, b) => a + b, 0)).toBe(keys.length + stale.length);
    expect(Math.max(...done) / (keys.length + stale.length)).toBeLessThanOrEqual(0.6);

    // Children 1-3 use child 0's recorded plan and list their slice only: a whole listing of
    // the source is three pages; a slice of ~525 keys is one (two if it crosses a page end).
    const lists = (proxy: RecordingProxy, bucket: string) =>
      proxy.requests.filter(
        (r) => r.method === 'GET' && r.bucket === bucket && r.path.includes('list-type=2'),
      );
    for (const proxy of proxies.slice(1)) {
      expect(lists(proxy, src).length).toBeLessThanOrEqual(2);
      expect(lists(proxy, dst).length).toBeLessThanOrEqual(2);
    }
    // Every slice but the first starts its listing with StartAfter.
    const started = proxies.filter((p) =>
      lists(p, src).some((r) => r.path.includes('start-after=')),
    );
    expect(started.length).toBeGreaterThanOrEqual(SHARDS - 1);
  });
});
