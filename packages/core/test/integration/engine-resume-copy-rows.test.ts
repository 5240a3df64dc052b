import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import { runJob } from '../../src/engine/run-job.js';
import type { TaskResult } from '../../src/engine/types.js';
import { copyDefinition } from '../../src/operations/copy.js';
import { resultMessage } from '../../src/operations/sync-message.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import type { ReportRecord } from '../../src/report/types.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { encodeResult } from '../../src/store/result-record.js';
import type { JobStore } from '../../src/store/types.js';
import {
  collect,
  contextFor,
  losingTail,
  objectManifest,
  testSettings,
  testSpec,
  worded,
} from './engine-fixtures.js';

const emulator = useEmulator();
const OBJECTS = 30;
const COMMITTED = 10;

/** Object rows copied as S3PutObjectCopy does over a csv manifest, under a key prefix. */
function copyRun(jobId: string, src: string, dst: string, reportDir: string) {
  const operation = copyDefinition.create(
    copyDefinition.parse({ TargetResource: `arn:aws:s3:::${dst}`, TargetKeyPrefix: 'copied' }),
  );
  return (store: JobStore) =>
    runJob({
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' }),
      operation,
      manifest: objectManifest(src, OBJECTS),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 4 }),
      ledger: { batchSize: 5, flushIntervalMs: 10_000 },
    });
}

/** A report's rows in key order (the order of rows follows the order tasks finished). */
async function rowsOf(reportPath: string | undefined): Promise<ReportRecord[]> {
  const rows = await collect((await readCompletionReport(reportPath ?? '')).rows());
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * A manifest row's copy as versions before the facts wrote it: the short line with its sentence
 * in `m`, or (before the short form) the whole `TaskResult` with its message.
 */
const PREVIOUS_LEDGERS = [
  { form: 'short lines with m', line: (r: TaskResult) => JSON.stringify(encodeResult(worded(r))) },
  { form: 'whole TaskResults', line: (r: TaskResult) => JSON.stringify(worded(r)) },
];

describe.each(PREVIOUS_LEDGERS)(
  'engine: resume of a copy job folder the previous version wrote ($form)',
  ({ line }) => {
    it('resumes, and reports what a job run at once reports', async () => {
      // Prepare
      const src = await emulator.createBucket('resume-rows-src');
      const dst = await emulator.createBucket('resume-rows-dst');
      await emulator.putObjects(
        src,
        Object.fromEntries(
          Array.from({ length: OBJECTS }, (_, i) => {
            const key = `obj/${String(i + 1).padStart(5, '0')}.txt`;
            return [key, `body of ${key}`.repeat(i + 1)];
          }),
        ),
      );
      const jobId = createJobId();
      const dir = join(await mkdtemp(join(tmpdir(), 's3bulk-resume-rows-')), jobId);
      const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-resume-rows-report-'));
      const run = copyRun(jobId, src, dst, reportDir);
      const first = new LocalJobStore(dir);
      await run(losingTail(first, COMMITTED));
      await first.close?.();
      const committed = await collect(first.readResults());
      const old = committed.map((r) => `${line(r)}\n`).join('');
      await writeFile(join(dir, 'results.jsonl'), old);
      const onceId = createJobId();
      const onceDir = join(await mkdtemp(join(tmpdir(), 's3bulk-resume-rows-once-')), onceId);
      const once = copyRun(onceId, src, dst, reportDir);

      // Act
      const summary = await run(new LocalJobStore(dir));
      const rows = await rowsOf(summary.reportPath);
      const lines = (await readFile(join(dir, 'results.jsonl'), 'utf8')).trim().split('\n');
      const expected = await rowsOf((await once(new LocalJobStore(onceDir))).reportPath);

      // Assess
      expect(committed).toHaveLength(COMMITTED);
      expect(committed.every((r) => r.message === undefined && r.effect?.action === 'copy')).toBe(
        true,
      );
      expect(summary).toMatchObject({ status: 'Complete', total: OBJECTS, succeeded: OBJECTS });
      expect(lines.filter((text) => /"(m|message)":/.test(text))).toHaveLength(COMMITTED);
      expect(lines.filter((text) => /"t":"[^"]+","p":"copied\/"/.test(text))).toHaveLength(
        OBJECTS - COMMITTED,
      );
      expect(rows).toEqual(expected);
      for (const result of committed) {
        expect(rows.find((r) => r.key === result.key)?.message).toBe(resultMessage(result));
      }
      expect(
        rows.every((r) =>
          /^copied to s3:\/\/[^/]+\/copied\/obj\/\d{5}\.txt \((?:\d+ bytes, )?etag "[0-9a-f]{32}"\)$/.test(
            r.message,
          ),
        ),
      ).toBe(true);
    });
  },
);
