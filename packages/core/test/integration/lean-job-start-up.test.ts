import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Simulator, type RunningSimulator } from '@s3bulk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSdk } from '../../src/config/load-sdk.js';
import type * as LoadSdkModule from '../../src/config/load-sdk.js';
import { runJobSpec } from '../../src/executors/local/run-local-job.js';
import type { JobSpec } from '../../src/job/types.js';
import { LocalJobStore } from '../../src/store/local-job-store.js';

// Issue 13, start-up: a copy job whose requests all take the lean path (a custom endpoint, plain
// CopyObjects, a local manifest and report) never loads the S3 SDK's client, nor, with the keys in
// the environment, the credential chain (`s3/env-credentials.ts`). The loader is the one way core loads an SDK, so a spy on it sees every load; a
// CopyObject the lean path leaves to the SDK loads it, as it must.
vi.mock('../../src/config/load-sdk.js', async (importOriginal) => {
  const actual = await importOriginal<typeof LoadSdkModule>();
  return { ...actual, loadSdk: vi.fn(actual.loadSdk) };
});

let simulator: RunningSimulator;

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_PROFILE', '');
  simulator = await startS3Simulator({ latencyMs: 0, buckets: ['lean-src', 'lean-dst'] });
  simulator.seed({ bucket: 'lean-src', prefix: 'w2/', count: 10, size: 1024 });
});

afterAll(async () => {
  await simulator.stop();
  vi.unstubAllEnvs();
});

beforeEach(() => {
  vi.mocked(loadSdk).mockClear();
});

async function copyJob(operation: Record<string, unknown>): Promise<JobSpec> {
  const dir = await mkdtemp(join(tmpdir(), 's3bulk-lean-start-'));
  const manifest = join(dir, 'manifest.csv');
  const keys = Array.from({ length: 10 }, (_, i) => `w2/${String(i).padStart(8, '0')}`);
  await writeFile(manifest, keys.map((key) => `lean-src,${key}\n`).join(''));
  return {
    version: 1,
    jobId: `lean-${Date.now()}`,
    createdAt: new Date().toISOString(),
    manifest: { format: 'csv', location: manifest },
    operation,
    engine: {},
    aws: { region: 'us-east-1', endpointUrl: simulator.endpoint },
    report: { location: join(dir, 'reports'), scope: 'AllTasks' },
  };
}

const loaded = () => vi.mocked(loadSdk).mock.calls.map(([name]) => name);

describe('start-up: a lean copy job', () => {
  it('copies every object without loading the S3 SDK', async () => {
    // Prepare
    const spec = await copyJob({ S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::lean-dst' } });
    const base = await mkdtemp(join(tmpdir(), 's3bulk-lean-store-'));
    simulator.resetStats();

    // Act
    const summary = await runJobSpec(spec, { store: new LocalJobStore(join(base, 'job')) });

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 10, failed: 0 });
    expect(simulator.stats().operations).toEqual({ CopyObject: 10 });
    expect(await readdir(join(spec.report!.location, `job-${spec.jobId}`))).toContain(
      'manifest.json',
    );
    expect(loaded()).toEqual([]);
  });

  it('loads the SDK for the copies the lean path leaves to it (new metadata)', async () => {
    // Prepare
    const spec = await copyJob({
      S3PutObjectCopy: {
        TargetResource: 'arn:aws:s3:::lean-dst',
        MetadataDirective: 'REPLACE',
        NewObjectMetadata: { UserMetadata: { team: 'data' } },
      },
    });
    const base = await mkdtemp(join(tmpdir(), 's3bulk-lean-store-'));
    simulator.resetStats();

    // Act
    const summary = await runJobSpec(spec, { store: new LocalJobStore(join(base, 'job')) });

    // Assess
    expect(summary).toMatchObject({ status: 'Complete', succeeded: 10, failed: 0 });
    expect(simulator.stats().operations).toEqual({ CopyObject: 10 });
    expect(loaded()).toContain('s3');
  });
});
