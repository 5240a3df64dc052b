import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';

const emulator = useEmulator();
const workerDir = join(import.meta.dirname, '..', '..');
const image = 's3bulk-worker:test';

/** Why the image cannot be built here, or undefined where a Docker engine answers. */
function dockerUnavailable(): string | undefined {
  const probe = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
  });
  if (probe.error) return `the docker command was not found (${probe.error.message})`;
  if (probe.status !== 0) return (probe.stderr || probe.stdout).trim().split('\n')[0];
  return undefined;
}

// The CI workflow's worker-image job, where Docker exists: build, usage text, one pairs job.
describe('worker: the container image', { timeout: 600_000 }, () => {
  it('builds, prints its usage and runs a pairs job against the emulator', (ctx) => {
    // Prepare
    const why = dockerUnavailable();
    if (why) return ctx.skip(`Docker engine not available (${why}): worker image smoke skipped`);
    for (const script of ['bundle.mjs', 'docker-build.mjs']) {
      const step = spawnSync(process.execPath, [join('scripts', script)], {
        cwd: workerDir,
        env: { ...process.env, S3BULK_WORKER_IMAGE: image },
        encoding: 'utf8',
      });
      expect(step.status, `${script}: ${step.stderr}`).toBe(0);
    }

    // Act
    const smoke = spawnSync(
      process.execPath,
      [join('scripts', 'image-smoke.mjs'), '--image', image, '--endpoint', emulator.info.endpoint],
      { cwd: workerDir, env: emulator.processEnv(), encoding: 'utf8' },
    );

    // Assess
    expect(smoke.stderr).toBe('');
    expect(smoke.stdout).toContain('usage text: ok');
    expect(smoke.stdout).toContain('pairs job: ok');
    expect(smoke.status).toBe(0);
  });
});
