// Kills at moments no crash point names: a seeded random delay after the job starts, three
// times over one job, then a resume held to the sweep's checks. The seed is printed; set
// S3BULK_TEST_SEED to replay a run.
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { SWEEP_CASES } from './crash-sweep/cases.js';
import {
  assertResumedLikeReference,
  nextAttempt,
  readReportIfPresent,
  resultOf,
  spawnSweepChild,
} from './crash-sweep/sweep.js';
import { runSweepJob } from './crash-sweep/sweep-job.js';
import { prepareSweepRun } from './crash-sweep/workloads.js';

const KILLS = 3;
const SEED = Number(process.env.S3BULK_TEST_SEED ?? 16);

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(SWEEP_CASES.filter((c) => c.workload === 'pairs'))(
  'crash sweep, random moments: $name',
  (sweepCase) => {
    const emulator = useEmulator();

    it(`survives ${KILLS} SIGKILLs at seeded random moments (seed ${SEED})`, async () => {
      // Prepare: a reference run, timed, gives the window the kills fall in.
      const random = seeded(SEED + sweepCase.name.length);
      const referenceRun = await prepareSweepRun(emulator, sweepCase);
      const startedAt = Date.now();
      const uninterrupted = await runSweepJob(referenceRun.job, emulator.s3);
      const window = Date.now() - startedAt;
      const reference = await resultOf(emulator, referenceRun, uninterrupted.reportPath);
      const run = await prepareSweepRun(emulator, sweepCase);

      // Act
      const landed: number[] = [];
      let job = run.job;
      for (let kill = 0; kill < KILLS; kill++) {
        const delay = Math.floor(random() * window);
        const child = spawnSweepChild(emulator, job);
        await child.started;
        await new Promise((wait) => setTimeout(wait, delay));
        child.kill();
        const exit = await child.done;
        expect([0, null], exit.stderr).toContain(exit.code);
        if (exit.signal === 'SIGKILL') landed.push(delay);
        // Whatever the moment, a report is absent or whole.
        await readReportIfPresent(run.manifestJson, emulator.s3);
        job = nextAttempt(job);
      }

      // Assess
      console.log(`seed ${SEED}: window ${window} ms, kills landed after ${landed.join(', ')} ms`);
      // Kills that all came after the job ended would test nothing.
      expect(landed.length, 'no kill landed while the job ran').toBeGreaterThan(0);
      await assertResumedLikeReference(emulator, { ...run, job }, reference);
    }, 120_000);
  },
);
