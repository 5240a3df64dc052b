// The small jobs the crash-point sweep kills: a pairs manifest (a prefix row synced with
// SyncDelete, an object row, an object row whose source is missing) and a csv tagging job. Each
// run gets fresh buckets seeded alike, so a crashed-and-resumed run compares with a reference.
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectTaggingCommand } from '@aws-sdk/client-s3';
import type { TestEmulator } from '@s3bulk/testing';
import { createJobId } from '../../../src/engine/job-id.js';
import type { JobSpec } from '../../../src/job/types.js';
import { encodeManifestKey } from '../../../src/manifest/key-encoding.js';
import type { SweepJobConfig } from './sweep-job.js';

export type Workload = 'pairs' | 'tagging';

export interface SweepRunOptions {
  readonly workload: Workload;
  readonly store: 'local' | 's3';
  readonly report: 'local' | 's3';
}

/** One run's job, its buckets by role, and what the destination looks like right now. */
export interface SweepRun {
  readonly job: SweepJobConfig;
  /** `manifest.json` of the completion report, once written. */
  readonly manifestJson: string;
  /** Bucket names by role, so snapshots of two runs compare with names replaced by roles. */
  readonly buckets: Readonly<Record<string, string>>;
  /** Every object of the job's data buckets (`<role>/<key>` -> body and tags). */
  snapshot(): Promise<Record<string, string>>;
}

const PAIRS_SOURCE = ['a.txt', 'b.txt', 'deep/c.txt', 'deep/d.txt', 'e .txt', 'f.txt'];
const TAGGED = ['t1.txt', 't2.txt', 'dir/t3.txt', 'dir//t4.txt', 't5.txt', 't6 .txt'];

export async function prepareSweepRun(
  emulator: TestEmulator,
  options: SweepRunOptions,
): Promise<SweepRun> {
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-sweep-'));
  const jobId = createJobId();
  const buckets: Record<string, string> = {};
  const bucket = async (role: string) => (buckets[role] = await emulator.createBucket(role));
  const data = options.workload === 'pairs' ? await seedPairs(emulator, bucket, dir) : undefined;
  const tagging =
    options.workload === 'tagging' ? await seedTagging(emulator, bucket, dir) : undefined;
  const reportBase =
    options.report === 'local' ? join(dir, 'reports') : `s3://${await bucket('report')}/reports`;
  const worker = options.store === 's3';
  const spec: JobSpec = {
    version: 1,
    jobId,
    createdAt: new Date().toISOString(),
    manifest: (data ?? tagging)!.manifest,
    operation: (data ?? tagging)!.operation,
    // The worker writes no report from runJob: the shards' ledgers are combined after it.
    ...(worker ? {} : { report: { location: reportBase, scope: 'AllTasks' as const } }),
    engine: {},
    aws: {},
  };
  const job: SweepJobConfig = {
    spec,
    store: worker
      ? { kind: 's3', checkpoint: `s3://${await bucket('checkpoint')}/ck`, attempt: 1 }
      : { kind: 'local', dir: join(dir, 'jobs', jobId) },
    ...(worker ? { workerReport: reportBase } : {}),
  };
  const dataRoles = Object.keys(buckets).filter((r) => r !== 'report' && r !== 'checkpoint');
  return {
    job,
    manifestJson: `${reportBase}/job-${jobId}/manifest.json`,
    buckets,
    snapshot: async () => {
      const out: Record<string, string> = {};
      for (const role of dataRoles) {
        const name = buckets[role]!;
        for (const key of await emulator.listKeys(name)) {
          const tags = await emulator.s3.send(
            new GetObjectTaggingCommand({ Bucket: name, Key: key }),
          );
          const tagText = (tags.TagSet ?? []).map((t) => `${t.Key}=${t.Value}`).join('&');
          out[`${role}/${key}`] = `${await emulator.getText(name, key)} [${tagText}]`;
        }
      }
      return out;
    },
  };
}

type MakeBucket = (role: string) => Promise<string>;
interface Seeded {
  readonly manifest: JobSpec['manifest'];
  readonly operation: Record<string, unknown>;
}

async function seedPairs(emulator: TestEmulator, bucket: MakeBucket, dir: string): Promise<Seeded> {
  const src = await bucket('src');
  const dst = await bucket('dst');
  await emulator.putObjects(src, {
    ...Object.fromEntries(PAIRS_SOURCE.map((k) => [`data/${k}`, `body of ${k}`])),
    'single/file.bin': 'one object',
  });
  // Stale copies are replaced, extras deleted (SyncDelete), objects outside the prefix kept.
  await emulator.putObjects(dst, {
    'backup/a.txt': 'stale',
    'backup/deep/d.txt': 'stale too',
    'backup/x1.txt': 'extra',
    'backup/zz/x2.txt': 'extra',
    'outside/keep.txt': 'not synced',
  });
  const manifest = join(dir, 'pairs.csv');
  await writeFile(
    manifest,
    [
      'source,destination',
      `s3://${src}/data/,s3://${dst}/backup/`,
      `s3://${src}/single/file.bin,s3://${dst}/elsewhere/renamed.bin`,
      `s3://${src}/single/missing.bin,s3://${dst}/elsewhere/missing.bin`,
      '',
    ].join('\n'),
  );
  return {
    manifest: { format: 'pairs', location: manifest, header: true },
    operation: { S3BulkPairs: { SyncDelete: true } },
  };
}

async function seedTagging(
  emulator: TestEmulator,
  bucket: MakeBucket,
  dir: string,
): Promise<Seeded> {
  const data = await bucket('data');
  await emulator.putObjects(data, Object.fromEntries(TAGGED.map((k) => [k, `body of ${k}`])));
  const manifest = join(dir, 'objects.csv');
  const rows = [...TAGGED, 'not-there.txt'].map((k) => `${data},${encodeManifestKey(k)}\n`);
  await writeFile(manifest, rows.join(''));
  return {
    manifest: { format: 'csv', location: manifest },
    operation: { S3PutObjectTagging: { TagSet: [{ Key: 'sweep', Value: 'tagged' }] } },
  };
}
