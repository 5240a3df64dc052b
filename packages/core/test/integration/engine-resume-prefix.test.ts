import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { S3JobStore } from '../../src/store/s3-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { TaskResult } from '../../src/engine/types.js';
import type { JobStore } from '../../src/store/types.js';
import type { ManifestEntry } from '../../src/manifest/types.js';
import { createPairsOperation } from '../../src/operations/pairs.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import { resultMessage } from '../../src/operations/sync-message.js';
import { encodeResult } from '../../src/store/result-record.js';
import {
  collect,
  contextFor,
  inBatches,
  losingTail,
  testSettings,
  testSpec,
  worded,
} from './engine-fixtures.js';

const emulator = useEmulator();
const SOURCE_OBJECTS = 40;

/** One prefix row (line 2) syncing `in/` of `src` into `out/` of `dst`. */
function prefixManifest(src: string, dst: string): () => AsyncIterable<ManifestEntry[]> {
  return inBatches(async function* () {
    yield {
      kind: 'prefix',
      source: { bucket: src, prefix: 'in/' },
      destination: { bucket: dst, prefix: 'out/' },
      location: { source: 'pairs.csv', line: 2 },
    };
  });
}

const STORES = [
  {
    store: 'LocalJobStore',
    open: async (jobId: string): Promise<JobStore> =>
      new LocalJobStore(join(await mkdtemp(join(tmpdir(), 's3bulk-resume-prefix-')), jobId)),
  },
  {
    store: 'S3JobStore',
    open: async (jobId: string): Promise<JobStore> =>
      new S3JobStore({
        s3: emulator.s3,
        location: `s3://${await emulator.createBucket('resume-prefix-ck')}/ck/${jobId}/shard-0/`,
      }),
  },
];

/** The source and destination of one prefix row: 40 objects, 10 of them resized, 3 extras. */
async function syncFixture() {
  const src = await emulator.createBucket('resume-prefix-src');
  const dst = await emulator.createBucket('resume-prefix-dst');
  const keys = Array.from({ length: SOURCE_OBJECTS }, (_, i) => `f${String(i).padStart(3, '0')}`);
  await emulator.putObjects(src, Object.fromEntries(keys.map((k) => [`in/${k}`, `body ${k}`])));
  // Every fourth key exists at the destination with another size; three extras to delete.
  const resized = keys.filter((_, i) => i % 4 === 0);
  const extras = ['x1', 'x2', 'zz/x3'];
  await emulator.putObjects(dst, {
    ...Object.fromEntries(resized.map((k) => [`out/${k}`, 'old'])),
    ...Object.fromEntries(extras.map((k) => [`out/${k}`, 'extra'])),
  });
  return { src, dst, keys, extras };
}

/** A sync-delete run of the pairs row `src` -> `dst` as job `jobId`, in whichever store it is given. */
function syncRun(jobId: string, src: string, dst: string, reportDir: string) {
  return (store: JobStore) =>
    runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' }),
      operation: createPairsOperation({ SyncDelete: true }),
      manifest: prefixManifest(src, dst),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 4 }),
      ledger: { batchSize: 5, flushIntervalMs: 10_000 },
    });
}

describe.each(STORES)('engine: resume of a prefix sync ($store)', ({ open }) => {
  it('reports every task the first run planned, once, though S3 already shows them done', async () => {
    // Prepare
    const { src, dst, keys, extras } = await syncFixture();
    const planned = [...keys, ...extras].map((k) => `2:${k}`).sort();
    const jobId = createJobId();
    const store = await open(jobId);
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-resume-prefix-report-'));
    const run = syncRun(jobId, src, dst, reportDir);

    // Act
    await run(losingTail(store, 10));
    const committed = await collect(store.readResults());
    const summary = await run(store);
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

    // Assess
    expect(committed).toHaveLength(10);
    expect(summary).toMatchObject({
      status: 'Complete',
      total: planned.length,
      succeeded: planned.length,
      failed: 0,
    });
    const ids = (await collect(store.readResults())).map((r) => r.taskId).sort();
    expect(ids).toEqual(planned);
    expect(rows).toHaveLength(planned.length);
    expect(rows.map((r) => r.key).sort()).toEqual(
      [...keys.map((k) => `in/${k}`), ...extras.map((k) => `out/${k}`)].sort(),
    );
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
    expect(await emulator.listKeys(dst, 'out/')).toEqual(keys.map((k) => `out/${k}`));
  });
});

/**
 * A ledger as versions before this one wrote it, byte for byte: each result whole with its
 * message, or (a prefix row's plain copies and deletes) short, the row's context on its first
 * line only and the message left to be worded again.
 */
const PREVIOUS_LEDGERS = [
  {
    form: 'whole messages',
    whole: 10,
    line: (result: TaskResult) => JSON.stringify(encodeResult(worded(result))),
  },
  {
    form: 'short lines',
    whole: 0,
    line: (result: TaskResult, first: boolean, src: string, dst: string) => {
      const { taskId: i, seq: q, effect, attempts } = result;
      const a = attempts === 1 ? '' : `,"a":${attempts}`;
      const c = first ? `,"c":{"sb":"${src}","sp":"in/","db":"${dst}","dp":"out/"}` : '';
      if (effect?.action === 'delete') {
        const r = effect.reason === 'extra' ? '' : `,"r":"${effect.reason}"`;
        return `{"i":"${i}","q":${q},"d":1${r}${a}${c}}`;
      }
      const r = effect?.reason === 'missing' ? '' : `,"r":"${effect?.reason}"`;
      const g = effect?.etag?.slice(1, -1);
      return `{"i":"${i}","q":${q}${r},"n":${result.bytes},"g":"${g}"${a}${c}}`;
    },
  },
];

describe.each(PREVIOUS_LEDGERS)(
  'engine: resume of a job folder the previous version wrote ($form)',
  ({ whole, line }) => {
    it('resumes and reports its ledger and a plan with the source facts', async () => {
      // Prepare
      const { src, dst, keys, extras } = await syncFixture();
      const jobId = createJobId();
      const dir = join(await mkdtemp(join(tmpdir(), 's3bulk-resume-old-')), jobId);
      const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-resume-old-report-'));
      const run = syncRun(jobId, src, dst, reportDir);
      const first = new LocalJobStore(dir);
      await run(losingTail(first, 10));
      await first.close?.();
      const committed = await collect(first.readResults());
      // What the previous version wrote: the ledger in its form, each step with the source's
      // time, ETag and storage class.
      const ledger = committed.map((r, n) => `${line(r, n === 0, src, dst)}\n`).join('');
      await writeFile(join(dir, 'results.jsonl'), ledger);
      const plan = join(dir, 'plans', '2.jsonl');
      const steps = (await readFile(plan, 'utf8')).replaceAll(
        /"s":(\d+)\}/g,
        '"s":$1,"t":1767323045000,"e":"\\"0123\\"","c":"STANDARD"}',
      );
      await writeFile(plan, steps);

      // Act
      const summary = await run(new LocalJobStore(dir));
      const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());
      const lines = (await readFile(join(dir, 'results.jsonl'), 'utf8')).trim().split('\n');

      // Assess
      expect(steps).toContain('"c":"STANDARD"');
      expect(committed).toHaveLength(10);
      expect(summary).toMatchObject({ status: 'Complete', total: 43, succeeded: 43, failed: 0 });
      expect(lines.filter((text) => text.includes('"m":'))).toHaveLength(whole);
      expect(lines.filter((text) => !text.includes('"m":'))).toHaveLength(43 - whole);
      expect(rows.slice(0, 10)).toEqual(
        committed.map((result) => ({
          bucket: result.bucket,
          key: result.key,
          status: result.status,
          httpStatus: result.httpStatus,
          message: resultMessage(result),
        })),
      );
      expect(rows.map((r) => r.key).sort()).toEqual(
        [...keys.map((k) => `in/${k}`), ...extras.map((k) => `out/${k}`)].sort(),
      );
      expect(rows.every((r) => /^(copied to|deleted) s3:\/\/.*; [a-z ]+$/.test(r.message))).toBe(
        true,
      );
      expect(await emulator.listKeys(dst, 'out/')).toEqual(keys.map((k) => `out/${k}`));
    });
  },
);
