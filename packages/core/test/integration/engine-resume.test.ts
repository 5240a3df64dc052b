import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { JobError, ManifestError } from '../../src/errors.js';
import { createJobId } from '../../src/engine/job-id.js';
import { loadJob } from '../../src/store/load-job.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';
import { runJob } from '../../src/engine/run-job.js';
import type { ManifestEntry } from '../../src/manifest/types.js';
import type { Operation, Task } from '../../src/operations/types.js';
import { readCompletionReport } from '../../src/report/read-report.js';
import {
  collect,
  contextFor,
  inBatches,
  markerOperation,
  objectManifest,
  testSettings,
  testSpec,
} from './engine-fixtures.js';

const emulator = useEmulator();

/** Three object rows and two prefix rows (lines 2 and 4), as a pairs manifest gives them. */
function mixedManifest(bucket: string): () => AsyncIterable<ManifestEntry[]> {
  return inBatches(async function* () {
    for (let line = 1; line <= 5; line++) {
      const location = { source: 'pairs.csv', line };
      if (line % 2 === 0) {
        yield {
          kind: 'prefix',
          source: { bucket, prefix: `src${line}/` },
          destination: { bucket, prefix: `dst${line}/` },
          location,
        };
      } else {
        yield { kind: 'object', object: { bucket, key: `single${line}.txt` }, location };
      }
    }
  });
}

/** A sync-like operation: a prefix row expands into five `<line>:<key>` tasks. */
function expandingOperation(bucket: string): Operation & { calls: Map<string, number> } {
  const marker = markerOperation(emulator.s3, bucket, { delayMs: 30 });
  return {
    ...marker,
    name: 'S3BulkPairs',
    async *expand(entry: ManifestEntry): AsyncIterable<Task> {
      if (entry.kind === 'object') {
        yield { id: String(entry.location.line), object: entry.object, location: entry.location };
        return;
      }
      for (let i = 0; i < 5; i++) {
        const key = `${entry.source.prefix}file${i}.txt`;
        yield {
          id: `${entry.location.line}:${key}`,
          object: { bucket: entry.source.bucket, key },
          action: 'copy',
          location: entry.location,
        };
      }
    },
  };
}

async function newStore(jobId: string): Promise<LocalJobStore> {
  return new LocalJobStore(join(await mkdtemp(join(tmpdir(), 's3bulk-resume-')), jobId));
}

describe('engine: resume', () => {
  it('resumes a job whose prefix rows expand into tasks, redoing none and reporting each once', async () => {
    // Prepare
    const bucket = await emulator.createBucket('engine-expand');
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-resume-report-'));
    const jobId = createJobId();
    const store = await newStore(jobId);
    const spec = testSpec(jobId, { location: reportDir, scope: 'AllTasks' });
    const first = expandingOperation(bucket);
    const controller = new AbortController();
    let done = 0;

    // Act
    const stopped = await runJob({
      spec,
      operation: first,
      manifest: mixedManifest(bucket),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 2 }),
      signal: controller.signal,
      onEvent: (event) => event.type === 'task' && ++done === 5 && controller.abort(),
    });
    const committed = (await collect(store.readResults())).map((r) => r.taskId);
    const second = expandingOperation(bucket);
    const resumed = await runJob({
      spec: (await loadJob(store)).spec,
      operation: second,
      manifest: mixedManifest(bucket),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings({ concurrency: 2 }),
    });
    const rows = await collect((await readCompletionReport(resumed.reportPath ?? '')).rows());

    // Assess
    expect(stopped.status).toBe('Cancelled');
    expect(committed.some((id) => id.includes(':'))).toBe(true);
    for (const id of committed) expect(second.calls.has(id)).toBe(false);
    expect(resumed).toMatchObject({ status: 'Complete', total: 13, succeeded: 13, failed: 0 });
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((r) => r.key)).size).toBe(13);
  });

  it('runs nothing again when a complete job is run once more, and rewrites the same report', async () => {
    // Prepare
    const bucket = await emulator.createBucket('engine-again');
    const reportDir = await mkdtemp(join(tmpdir(), 's3bulk-resume-report-'));
    const jobId = createJobId();
    const store = await newStore(jobId);
    const options = {
      spec: testSpec(jobId, { location: reportDir, scope: 'AllTasks' as const }),
      manifest: objectManifest(bucket, 30),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings(),
    };
    await runJob({ ...options, operation: markerOperation(emulator.s3, bucket) });
    const again = markerOperation(emulator.s3, bucket);

    // Act
    const summary = await runJob({ ...options, operation: again });
    const rows = await collect((await readCompletionReport(summary.reportPath ?? '')).rows());

    // Assess
    expect(again.calls.size).toBe(0);
    expect(summary).toMatchObject({ status: 'Complete', total: 30, succeeded: 30 });
    expect(rows).toHaveLength(30);
  });

  it('refuses a store that holds another job', async () => {
    // Prepare
    const bucket = await emulator.createBucket('engine-mismatch');
    const jobId = createJobId();
    const store = await newStore(jobId);
    await store.writeSpec(testSpec('someone-else'));

    // Act
    const running = runJob({
      spec: testSpec(jobId),
      operation: markerOperation(emulator.s3, bucket),
      manifest: objectManifest(bucket, 3),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings(),
    });

    // Assess
    await expect(running).rejects.toBeInstanceOf(JobError);
    await expect(running).rejects.toMatchObject({ code: 'JobSpecMismatch' });
  });

  it('refuses a prefix row for an operation that cannot sync, while preparing', async () => {
    // Prepare
    const bucket = await emulator.createBucket('engine-prefix');
    const jobId = createJobId();
    const store = await newStore(jobId);
    const operation = markerOperation(emulator.s3, bucket);

    // Act
    const running = runJob({
      spec: testSpec(jobId),
      operation,
      manifest: mixedManifest(bucket),
      context: contextFor(emulator.s3, jobId),
      store,
      settings: testSettings(),
    });

    // Assess
    await expect(running).rejects.toBeInstanceOf(ManifestError);
    await expect(running).rejects.toMatchObject({ location: { line: 2 } });
    expect(operation.calls.size).toBe(0);
    expect(await store.exists()).toBe(false);
  });
});
