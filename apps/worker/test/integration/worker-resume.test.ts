import { readCompletionReport, type ReportRecord } from '@s3bulk/core';
import { startRecordingProxy, useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrayEnv, bundleWorker, spawnWorker } from '../worker-process.js';

const emulator = useEmulator();
let bundle: string;

beforeAll(() => {
  bundle = bundleWorker();
});

const OBJECTS = 400;

/** A csv copy job of OBJECTS objects, shard 0 of 2 run slowly (concurrency 1) so it can be stopped. */
async function prepareJob(jobId: string) {
  const bucket = await emulator.createBucket('resume');
  const keys = Array.from({ length: OBJECTS }, (_, i) => `src/obj-${String(i).padStart(4, '0')}`);
  await emulator.putObjects(bucket, Object.fromEntries(keys.map((k) => [k, `body ${k}`])));
  await emulator.putObjects(bucket, {
    'm.csv': `${keys.map((k) => `${bucket},${k}`).join('\n')}\n`,
  });
  const env = (index: number, attempt: number, concurrency = 1) =>
    emulator.processEnv(
      arrayEnv(index, 2, {
        AWS_BATCH_JOB_ATTEMPT: String(attempt),
        S3BULK_JOB_ID: jobId,
        S3BULK_MANIFEST_FORMAT: 'csv',
        S3BULK_OPERATION: JSON.stringify({
          S3PutObjectCopy: { TargetResource: `arn:aws:s3:::${bucket}`, TargetKeyPrefix: 'dst' },
        }),
        S3BULK_CHECKPOINT: `s3://${bucket}/ck/`,
        S3BULK_REPORT: `s3://${bucket}/reports/`,
        S3BULK_CONCURRENCY: String(concurrency),
      }),
    );
  return { bucket, keys, env, args: [bucket, 'm.csv'] };
}

/** Resolves once `condition` holds (checked every 20 ms; the test's timeout bounds it). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((tick) => setTimeout(tick, 20));
}

/** Wait until shard 0 has committed at least one segment of results. */
async function firstSegment(bucket: string, jobId: string): Promise<void> {
  for (;;) {
    const segments = await emulator.listKeys(bucket, `ck/${jobId}/shard-0/results/`);
    if (segments.length > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function reportRows(bucket: string, jobId: string): Promise<ReportRecord[]> {
  const report = await readCompletionReport(`s3://${bucket}/reports/job-${jobId}/manifest.json`, {
    s3: emulator.s3,
  });
  const rows: ReportRecord[] = [];
  for await (const row of report.rows()) rows.push(row);
  return rows;
}

describe('worker: a retried attempt resumes from the S3 checkpoint', () => {
  it.each([
    ['SIGKILL', null],
    ['SIGTERM', 143],
  ] as const)(
    'after %s mid-run, attempt 2 does no task twice',
    async (signal, firstExit) => {
      // Prepare
      const jobId = `resume-${signal.toLowerCase()}`;
      const job = await prepareJob(jobId);
      const other = spawnWorker(bundle, job.args, job.env(1, 1, 8));
      const first = spawnWorker(bundle, job.args, job.env(0, 1));
      await firstSegment(job.bucket, jobId);

      // Act
      first.child.kill(signal);
      const stopped = await first.done;
      const second = await spawnWorker(bundle, job.args, job.env(0, 2, 8)).done;
      const otherExit = await other.done;

      // Assess
      expect(stopped.code).toBe(firstExit);
      expect([second.code, otherExit.code], second.stderr + otherExit.stderr).toEqual([0, 0]);
      if (signal === 'SIGTERM') {
        expect(stopped.logs.some((l) => l.message === 'stopping: flushing checkpoint')).toBe(true);
      }
      expect(second.logs.some((l) => l.message === 'resuming from checkpoint')).toBe(true);
      const segments = await emulator.listKeys(job.bucket, `ck/${jobId}/shard-0/results/`);
      expect(segments.some((k) => k.endsWith('-a1.jsonl'))).toBe(true);
      expect(segments.some((k) => k.endsWith('-a2.jsonl'))).toBe(true);
      // Attempt 2 ran only what attempt 1 had not committed: the segments hold shard 0's 200 once.
      const lines = await Promise.all(
        segments.map(async (k) => (await emulator.getText(job.bucket, k)).trim().split('\n')),
      );
      // Ledger lines name the task `i` (store/result-record.ts); older lines `taskId`.
      const ids = lines.flat().map((l) => {
        const line = JSON.parse(l) as { i?: string; taskId?: string };
        return line.i ?? line.taskId;
      });
      expect(ids).toHaveLength(OBJECTS / 2);
      expect(new Set(ids).size).toBe(OBJECTS / 2);
      const rows = await reportRows(job.bucket, jobId);
      expect(rows.map((r) => r.key).sort()).toEqual(job.keys);
      expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
      expect(await emulator.listKeys(job.bucket, 'dst/')).toEqual(job.keys.map((k) => `dst/${k}`));
    },
    180_000,
  );

  it('stops itself at S3BULK_DEADLINE_SECONDS, exits 75 (retryable), and attempt 2 resumes', async () => {
    // Prepare
    const jobId = 'resume-deadline';
    const job = await prepareJob(jobId);
    const other = spawnWorker(bundle, job.args, job.env(1, 1, 8));
    // Shard 0 talks to S3 through a proxy that holds its copies until its deadline has fired,
    // so the deadline, not the machine's speed, decides how the attempt ends.
    const proxy = await startRecordingProxy(emulator.info.endpoint);

    // Act
    const attempt = spawnWorker(bundle, job.args, {
      ...job.env(0, 1),
      AWS_ENDPOINT_URL: proxy.url,
      S3BULK_DEADLINE_SECONDS: '2',
    });
    let output = '';
    attempt.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    attempt.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = () => output.includes('deadline reached');
    await until(() => deadline() || proxy.requests.some((r) => 'x-amz-copy-source' in r.headers));
    proxy.pause();
    await until(deadline);
    proxy.resume();
    const first = await attempt.done;
    await proxy.stop();
    const second = await spawnWorker(bundle, job.args, job.env(0, 2, 8)).done;
    const otherExit = await other.done;

    // Assess
    expect(first.code, first.stderr).toBe(75);
    expect(first.logs.some((l) => l.message === 'deadline reached: flushing checkpoint')).toBe(
      true,
    );
    expect([second.code, otherExit.code], second.stderr + otherExit.stderr).toEqual([0, 0]);
    // The deadline is a timer from the worker's start: on a loaded machine it may fire before the
    // first attempt wrote its checkpoint (it never went Active); then attempt 2 starts afresh.
    const checkpointed = first.logs.some((l) => l.message === 'status' && l.status === 'Active');
    expect(second.logs.some((l) => l.message === 'resuming from checkpoint')).toBe(checkpointed);
    const rows = await reportRows(job.bucket, jobId);
    expect(rows.map((r) => r.key).sort()).toEqual(job.keys);
    expect(await emulator.listKeys(job.bucket, 'dst/')).toEqual(job.keys.map((k) => `dst/${k}`));
  }, 180_000);
});
