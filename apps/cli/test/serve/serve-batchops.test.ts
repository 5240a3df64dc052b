import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli } from '../e2e/run-cli.js';
import {
  ACCOUNT,
  ROLE,
  TAGGING,
  controlClient,
  putManifest,
  useServe,
  waitForJob,
} from './serve-harness.js';

const serve = useServe();

describe('s3bulk serve: s3bulk batchops end to end', () => {
  const emulator = useEmulator();

  it('create, list, priority, confirm, describe --watch, and cancel', async () => {
    requireBuiltCli();
    // Prepare: S3 calls go to the emulator, S3 Control calls to the server.
    const bucket = await emulator.createBucket('serve-batchops');
    const reports = await emulator.createBucket('serve-batchops-reports');
    await emulator.putObjects(bucket, { x: 'x', y: 'y' });
    await putManifest(emulator, bucket, ['x', 'y']);
    const server = await serve(emulator.processEnv());
    const env = emulator.processEnv({ AWS_ENDPOINT_URL_S3_CONTROL: server.endpoint });
    const batchops = async (...args: string[]) => {
      const result = await runCli(['batchops', ...args, '--account-id', ACCOUNT, '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const create = (description: string) =>
      batchops(
        'create',
        '--manifest',
        `s3://${bucket}/manifest.csv`,
        '--format',
        'csv',
        '--operation',
        JSON.stringify(TAGGING),
        '--report',
        `s3://${reports}/batchops`,
        '--role-arn',
        ROLE,
        '--description',
        description,
      );

    // Act
    const created = await create('run it');
    const jobId = String(created.jobId);
    const toCancel = String((await create('cancel it')).jobId);
    // Preparing reads and counts the manifest first: list once both wait for confirmation.
    const control = controlClient(server.endpoint, emulator);
    for (const id of [jobId, toCancel]) {
      await waitForJob(control, id, (job) => job.Status === 'Suspended');
    }
    control.destroy();
    const listed = await batchops('list', '--status', 'Suspended');
    const priority = await batchops('priority', jobId, '77');
    const confirmed = await batchops('confirm', jobId);
    const watched = await batchops('describe', jobId, '--watch', '--interval', '1');
    const cancelled = await batchops('cancel', toCancel, '--reason', 'not needed');
    const cancelledJob = await batchops('describe', toCancel);

    // Assess
    expect((listed.jobs as { jobId: string }[]).map((j) => j.jobId).sort()).toEqual(
      [jobId, toCancel].sort(),
    );
    expect(JSON.stringify(priority)).toContain('77');
    expect(JSON.stringify(confirmed)).toContain('Ready');
    expect(watched).toMatchObject({ status: 'Complete', total: 2, succeeded: 2, failed: 0 });
    expect(JSON.stringify(cancelled)).toContain('Cancelled');
    expect(cancelledJob).toMatchObject({ status: 'Cancelled' });
  });
});
