// What keeps the crash-point sweep honest: its points are the code's, every case accounts for
// every point, and its checks fail a report written in the wrong order.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { createJobId } from '../../src/engine/job-id.js';
import type { ReportManifest } from '../../src/report/types.js';
import { writeCompletionReport } from '../../src/report/write-report.js';
import { CRASH_POINTS, parseCrashPointArm } from '../../src/store/crash-points.js';
import { pointOf, SWEEP_CASES } from './crash-sweep/cases.js';
import { readReportIfPresent, spawnSweepChild } from './crash-sweep/sweep.js';
import { prepareSweepRun } from './crash-sweep/workloads.js';

const SRC = resolve(import.meta.dirname, '../../src');

/** Every `crashPoint('<name>')` call in core's sources but the module's own comments. */
async function crashPointCalls(): Promise<string[]> {
  const calls: string[] = [];
  for (const entry of await readdir(SRC, { recursive: true, withFileTypes: true })) {
    const name = entry.name;
    if (!entry.isFile() || !name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    if (name === 'crash-points.ts') continue;
    const text = await readFile(join(entry.parentPath, name), 'utf8');
    for (const match of text.matchAll(/crashPoint\(\s*'([^']+)'\s*\)/g)) calls.push(match[1]!);
  }
  return calls.sort();
}

describe('crash-point sweep: its list of points', () => {
  it('is exactly the crashPoint() calls in packages/core/src, each called in one place', async () => {
    // Act
    const calls = await crashPointCalls();

    // Assess
    expect(calls).toEqual([...CRASH_POINTS].sort());
  });

  it.each(SWEEP_CASES)('case "$name" kills at or rules out every point', (sweepCase) => {
    // Prepare
    const armed = sweepCase.arms.map((arm) => parseCrashPointArm(arm).point);
    const ruledOut = Object.keys(sweepCase.notApplicable);

    // Assess
    expect(armed.filter((point) => ruledOut.includes(point))).toEqual([]);
    expect([...new Set([...armed, ...ruledOut])].sort()).toEqual([...CRASH_POINTS].sort());
  });

  it('kills at every point in at least one case', () => {
    const armed = new Set(SWEEP_CASES.flatMap((c) => c.arms.map(pointOf)));
    expect(CRASH_POINTS.filter((point) => !armed.has(point))).toEqual([]);
  });

  it('refuses an unknown point or a count below 1', () => {
    expect(() => parseCrashPointArm('ledger.nowhere')).toThrow(/unknown crash point/);
    expect(() => parseCrashPointArm('local.spec.written:0')).toThrow(/at least 1/);
    expect(parseCrashPointArm('local.ledger.append.after:3')).toEqual({
      point: 'local.ledger.append.after',
      count: 3,
    });
  });
});

describe('crash-point sweep: a broken write order fails it', () => {
  const emulator = useEmulator();

  it('finds manifest.json naming missing results files when it was uploaded first', async () => {
    // Prepare: the report client puts manifest.json before the results files (a test seam).
    const run = await prepareSweepRun(emulator, {
      workload: 'tagging',
      store: 'local',
      report: 's3',
    });
    const job = { ...run.job, brokenReportOrder: true };

    // Act
    const exit = await spawnSweepChild(emulator, job, 'report.s3.manifest.written').done;

    // Assess
    expect(exit.signal, exit.stderr).toBe('SIGKILL');
    await expect(readReportIfPresent(run.manifestJson, emulator.s3)).rejects.toThrow(
      /NoSuchKey|does not exist|not found/i,
    );
  }, 60_000);

  it('finds a local manifest.json naming a results file not (yet) renamed into place', async () => {
    // Prepare: a whole local report, then what manifest-first would leave: one file missing.
    const dir = await mkdtemp(join(tmpdir(), 's3bulk-sweep-order-'));
    const manifestJson = await writeCompletionReport(
      (async function* () {
        yield { bucket: 'b', key: 'ok', status: 'succeeded' as const, message: 'Successful' };
        yield { bucket: 'b', key: 'no', status: 'failed' as const, message: 'NoSuchKey' };
      })(),
      { location: dir, scope: 'AllTasks', jobId: createJobId() },
    );
    const { Results } = JSON.parse(await readFile(manifestJson, 'utf8')) as ReportManifest;
    await rm(join(dir, Results[1]!.Key));

    // Act
    const reading = readReportIfPresent(manifestJson, emulator.s3);

    // Assess
    await expect(reading).rejects.toThrow(/cannot read a results file/);
  });
});
