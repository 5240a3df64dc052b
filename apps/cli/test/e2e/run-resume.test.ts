import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import {
  copyTo,
  csvManifest,
  jobSummary,
  jobsIn,
  numberedKeys,
  runArgs,
  seedBucket,
} from './cli-job.js';
import {
  requireBuiltCli,
  ledgerLines,
  onlyJobId,
  reportRows,
  runCli,
  spawnCli,
  tempDir,
  waitFor,
  writeText,
} from './run-cli.js';

const OBJECTS = 300;

describe.each([
  { stop: 'SIGINT', signals: ['SIGINT'] as const, firstExit: { code: 130, signal: null } },
  // The second Ctrl-C exits at once (130), without waiting for tasks in flight. When the graceful
  // stop is already done and Node is tearing down (its signal handlers gone), the second one
  // ends the process by the signal itself: a shell shows 130 for both.
  {
    stop: 'SIGINT twice',
    signals: ['SIGINT', 'SIGINT'] as const,
    firstExit: [
      { code: 130, signal: null },
      { code: null, signal: 'SIGINT' },
    ],
  },
  { stop: 'SIGKILL', signals: ['SIGKILL'] as const, firstExit: { code: null, signal: 'SIGKILL' } },
])('s3bulk run: $stop in the middle of a job, then --resume', ({ stop, signals, firstExit }) => {
  const emulator = useEmulator();

  it('finishes the job: no task lost, none reported twice, destination complete', async () => {
    requireBuiltCli();
    // Prepare
    const keys = numberedKeys(OBJECTS, 'batch/');
    const src = await seedBucket(emulator, 'resume-src', keys);
    const dst = await seedBucket(emulator, 'resume-dst');
    const dir = await tempDir();
    const jobsDir = jobsIn(dir);
    const manifest = await csvManifest(dir, src, keys);
    const args = runArgs({ manifest, operation: copyTo(dst), dir, json: false });

    // Act: stop the first run once some (not all) tasks are in the ledger.
    const first = spawnCli([...args, '--concurrency', '2'], emulator.processEnv());
    await waitFor(async () => {
      const ids = await onlyJobId(jobsDir).catch(() => undefined);
      return ids !== undefined && (await ledgerLines(join(jobsDir, ids))) >= 10;
    }, 'the first results in the ledger');
    for (const signal of signals) {
      first.child.kill(signal);
      await new Promise((r) => setTimeout(r, 20));
    }
    const stopped = await first.done;
    const jobId = await onlyJobId(jobsDir);
    const lockLeft = existsSync(join(jobsDir, jobId, 'lock'));
    const doneBefore = await ledgerLines(join(jobsDir, jobId));
    const resumed = await runCli(
      ['run', '--resume', jobId, '--job-dir', jobsDir, '--concurrency', '8', '--json'],
      emulator.processEnv(),
    );

    // Assess
    expect([firstExit].flat()).toContainEqual({ code: stopped.code, signal: stopped.signal });
    expect(doneBefore).toBeLessThan(OBJECTS);
    // A graceful stop releases the job folder's lock; kill -9 leaves it, stale (resume takes it
    // over); a second Ctrl-C may land either side of the release.
    if (stop !== 'SIGINT twice') expect(lockLeft).toBe(stop === 'SIGKILL');
    expect(existsSync(join(jobsDir, jobId, 'lock'))).toBe(false);
    if (stop === 'SIGINT') {
      expect(stopped.stderr).toContain(`s3bulk run --resume ${jobId} --job-dir ${jobsDir}`);
    }
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = jobSummary(resumed);
    expect(summary).toMatchObject({
      jobId,
      status: 'Complete',
      total: OBJECTS,
      succeeded: OBJECTS,
    });
    expect(await emulator.listKeys(dst)).toEqual(keys);
    const rows = await reportRows(summary.reportPath);
    expect(rows.map((r) => r.key).sort()).toEqual(keys);
    expect(rows.every((r) => r.status === 'succeeded')).toBe(true);
  });
});

describe('s3bulk run --resume: the job keeps its own flags', () => {
  const emulator = useEmulator();

  it('refuses a flag that would change the job, and accepts the same command line', async () => {
    requireBuiltCli();
    // Prepare
    const src = await emulator.createBucket('resume-flags');
    await emulator.putObjects(src, { 'a.txt': 'a' });
    const dir = await tempDir();
    const jobsDir = join(dir, 'jobs');
    const manifest = await writeText(dir, 'm.csv', `${src},a.txt\n`);
    const tagging = JSON.stringify({ S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'v' }] } });
    const args = ['run', '--manifest', manifest, '--operation', tagging, '--job-dir', jobsDir];
    const created = await runCli([...args, '--json'], emulator.processEnv());
    const jobId = JSON.parse(created.stdout).jobId as string;

    // Act
    // What the job does cannot change (where its report goes may: run-report-location).
    const otherTags = JSON.stringify({
      S3PutObjectTagging: { TagSet: [{ Key: 'k', Value: 'w' }] },
    });
    const changed = await runCli(
      ['run', '--resume', jobId, '--job-dir', jobsDir, '--operation', otherTags],
      emulator.processEnv(),
    );
    const same = await runCli([...args, '--resume', jobId, '--json'], emulator.processEnv());
    const unknown = await runCli(
      ['run', '--resume', 'no-such-job', '--job-dir', jobsDir],
      emulator.processEnv(),
    );

    // Assess
    expect(created.code, created.stderr).toBe(0);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toMatch(/--operation would change the\s+(›\s+)?job/);
    expect(same.code, same.stderr).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({
      jobId,
      status: 'Complete',
      total: 1,
      succeeded: 1,
    });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No job no-such-job/);
  });
});
