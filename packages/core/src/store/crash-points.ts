/**
 * Every persistence step of a job, named, so a test can kill the process (SIGKILL, as `kill -9`
 * or a lost container would) exactly there and check what a resume makes of it. The crash-point
 * sweep (`packages/core/test/integration/crash-sweep*.test.ts`) runs a job once per point, and a
 * test checks this list against the `crashPoint('...')` calls in `src`, so a new persistence step
 * without a crash case fails the suite.
 *
 * `.staged`: the new bytes are durable under a temporary name, the old file is still in place.
 * `.before` / `.after`: around one append (a line batch, or an immutable S3 object).
 */
export const CRASH_POINTS = [
  // LocalJobStore (`.s3bulk/jobs/<id>/`)
  'local.lock.acquired',
  'local.spec.staged',
  'local.spec.written',
  'local.state.staged',
  'local.state.written',
  'local.plan.append.before',
  'local.plan.append.after',
  'local.ledger.append.before',
  'local.ledger.append.after',
  // S3JobStore (an AWS Batch shard's checkpoint prefix)
  's3.spec.put.before',
  's3.spec.put.after',
  's3.state.put.after',
  's3.plan.put.before',
  's3.plan.put.after',
  's3.ledger.put.before',
  's3.ledger.put.after',
  // Completion report: results files staged, then published, then manifest.json
  'report.staged',
  'report.local.results.renamed',
  'report.local.manifest.staged',
  'report.local.manifest.written',
  'report.s3.results.uploaded',
  'report.s3.manifest.written',
] as const;

export type CrashPointName = (typeof CRASH_POINTS)[number];

/** Kill this process the `count`-th time `point` is reached. */
export interface CrashPointArm {
  readonly point: CrashPointName;
  /** @default 1 */
  readonly count?: number;
}

let armed: { point: CrashPointName; left: number } | undefined;

/**
 * Arm one crash point, for tests only: an edge calls it when its test-only switch
 * (`S3BULK_TEST_CRASH_AT=<point>[:<count>]`, see `parseCrashPointArm`) is set. Core reads no
 * environment itself. `undefined` disarms.
 */
export function armCrashPoint(arm: CrashPointArm | undefined): void {
  armed = arm ? { point: arm.point, left: arm.count ?? 1 } : undefined;
}

/** `<point>[:<count>]` as an arm; throws on an unknown point or a count below 1. */
export function parseCrashPointArm(text: string): CrashPointArm {
  const at = text.lastIndexOf(':');
  const point = at === -1 ? text : text.slice(0, at);
  const count = at === -1 ? 1 : Number(text.slice(at + 1));
  if (!(CRASH_POINTS as readonly string[]).includes(point)) {
    throw new Error(`unknown crash point "${point}"; known: ${CRASH_POINTS.join(', ')}`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`crash point count must be a whole number of at least 1: "${text}"`);
  }
  return { point: point as CrashPointName, count };
}

/** Arm from an edge's test-only switch value (`ENV.testCrashAt`); unset or empty: nothing. */
export function armCrashPointFrom(value: string | undefined): void {
  if (value) armCrashPoint(parseCrashPointArm(value));
}

/** A persistence step: SIGKILL this process here when a test armed this point. Free otherwise. */
export function crashPoint(name: CrashPointName): void {
  if (armed === undefined || armed.point !== name) return;
  armed.left--;
  if (armed.left > 0) return;
  process.kill(process.pid, 'SIGKILL');
}
