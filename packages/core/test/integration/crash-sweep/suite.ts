// Registers one sweep case: a reference run, then one killed-and-resumed run per arm.
import { useEmulator } from '@s3bulk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SweepCase } from './cases.js';
import { assertResumedLikeReference, resultOf, spawnSweepChild, type RunResult } from './sweep.js';
import { runSweepJob } from './sweep-job.js';
import { prepareSweepRun } from './workloads.js';

const SLOTS = 3;
let free = SLOTS;
const waiting: Array<() => void> = [];

/** Run `work` once fewer than SLOTS sweep runs are under way in this file. */
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (free > 0) free--;
  else await new Promise<void>((take) => waiting.push(take));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else free++;
  }
}

export function defineSweepCase(sweepCase: SweepCase): void {
  describe(`crash-point sweep: ${sweepCase.name}`, () => {
    const emulator = useEmulator();
    let reference: RunResult;

    beforeAll(async () => {
      const run = await prepareSweepRun(emulator, sweepCase);
      const outcome = await runSweepJob(run.job, emulator.s3);
      expect(outcome.summary.status).toBe('Complete');
      reference = await resultOf(emulator, run, outcome.reportPath);
      // The workload really has work, failures and (pairs) deletes to lose.
      expect(reference.rows.some((r) => r.includes('|failed|'))).toBe(true);
      expect(reference.rows.some((r) => r.includes('|succeeded|'))).toBe(true);
    });

    // Runs are independent (own buckets, folders, job ids): a few at once, most of each one is
    // a child process starting.
    it.concurrent.each(sweepCase.arms)(
      'SIGKILL at %s, then resume: like an uninterrupted run',
      (arm) =>
        withSlot(async () => {
          // Prepare
          const run = await prepareSweepRun(emulator, sweepCase);

          // Act
          const exit = await spawnSweepChild(emulator, run.job, arm).done;

          // Assess
          // A point the run did not reach is a failure, never a pass: the child must die there.
          expect(exit.signal, `the child did not reach ${arm}: ${exit.stderr}`).toBe('SIGKILL');
          await assertResumedLikeReference(emulator, run, reference);
        }),
      180_000,
    );
  });
}
