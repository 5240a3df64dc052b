// Which crash points each sweep case kills at. Every case accounts for every point in
// CRASH_POINTS: an arm (`<point>[:<count>]`, one killed run each) or a reason it cannot be
// reached in that case. crash-points.test.ts checks both, so a new point needs a decision here.
import type { CrashPointName } from '../../../src/store/crash-points.js';
import type { SweepRunOptions } from './workloads.js';

export interface SweepCase extends SweepRunOptions {
  readonly name: string;
  readonly arms: readonly string[];
  readonly notApplicable: Readonly<Partial<Record<CrashPointName, string>>>;
}

const S3_STORE = 'the S3 job store is the AWS Batch worker case';
const LOCAL_STORE = "the worker's job store is on S3";
const LOCAL_REPORT = 'this case reports to S3';
const S3_REPORT = 'this case reports to a local folder';

export const SWEEP_CASES: readonly SweepCase[] = [
  {
    name: 'pairs (prefix sync with SyncDelete, object rows), local store, local report',
    workload: 'pairs',
    store: 'local',
    report: 'local',
    arms: [
      'local.lock.acquired',
      'local.spec.staged',
      'local.spec.written',
      'local.state.staged',
      'local.state.written',
      // Completing: the ledger is whole, the report not yet written.
      'local.state.written:2',
      'local.plan.append.before',
      'local.plan.append.after',
      // The row's plan is complete, its tasks not yet all run.
      'local.plan.append.after:2',
      'local.ledger.append.before',
      'local.ledger.append.after',
      'local.ledger.append.after:3',
      'report.staged',
      'report.local.results.renamed',
      'report.local.results.renamed:2',
      'report.local.manifest.staged',
      'report.local.manifest.written',
    ],
    notApplicable: {
      's3.spec.put.before': S3_STORE,
      's3.spec.put.after': S3_STORE,
      's3.state.put.after': S3_STORE,
      's3.plan.put.before': S3_STORE,
      's3.plan.put.after': S3_STORE,
      's3.ledger.put.before': S3_STORE,
      's3.ledger.put.after': S3_STORE,
      'report.s3.results.uploaded': S3_REPORT,
      'report.s3.manifest.written': S3_REPORT,
    },
  },
  {
    name: 'csv manifest (S3PutObjectTagging), local store, S3 report',
    workload: 'tagging',
    store: 'local',
    report: 's3',
    arms: [
      'local.lock.acquired',
      'local.spec.staged',
      'local.spec.written',
      'local.state.staged',
      'local.state.written',
      'local.ledger.append.before',
      'local.ledger.append.after:2',
      'report.staged',
      'report.s3.results.uploaded',
      'report.s3.results.uploaded:2',
      'report.s3.manifest.written',
    ],
    notApplicable: {
      'local.plan.append.before': 'a csv manifest has no prefix rows: nothing is planned',
      'local.plan.append.after': 'a csv manifest has no prefix rows: nothing is planned',
      's3.spec.put.before': S3_STORE,
      's3.spec.put.after': S3_STORE,
      's3.state.put.after': S3_STORE,
      's3.plan.put.before': S3_STORE,
      's3.plan.put.after': S3_STORE,
      's3.ledger.put.before': S3_STORE,
      's3.ledger.put.after': S3_STORE,
      'report.local.results.renamed': LOCAL_REPORT,
      'report.local.manifest.staged': LOCAL_REPORT,
      'report.local.manifest.written': LOCAL_REPORT,
    },
  },
  {
    name: 'pairs, S3 store (AWS Batch worker: checkpoint on S3, report combined after), S3 report',
    workload: 'pairs',
    store: 's3',
    report: 's3',
    arms: [
      's3.spec.put.before',
      's3.spec.put.after',
      's3.state.put.after',
      // Complete: the shard is done, the combined report not yet written.
      's3.state.put.after:3',
      's3.plan.put.before',
      's3.plan.put.after',
      's3.ledger.put.before',
      's3.ledger.put.after',
      's3.ledger.put.after:3',
      'report.staged',
      'report.s3.results.uploaded',
      'report.s3.results.uploaded:2',
      'report.s3.manifest.written',
    ],
    notApplicable: {
      'local.lock.acquired': LOCAL_STORE,
      'local.spec.staged': LOCAL_STORE,
      'local.spec.written': LOCAL_STORE,
      'local.state.staged': LOCAL_STORE,
      'local.state.written': LOCAL_STORE,
      'local.plan.append.before': LOCAL_STORE,
      'local.plan.append.after': LOCAL_STORE,
      'local.ledger.append.before': LOCAL_STORE,
      'local.ledger.append.after': LOCAL_STORE,
      'report.local.results.renamed': LOCAL_REPORT,
      'report.local.manifest.staged': LOCAL_REPORT,
      'report.local.manifest.written': LOCAL_REPORT,
    },
  },
];

/** The point an arm names. */
export function pointOf(arm: string): string {
  return arm.split(':')[0] ?? arm;
}
