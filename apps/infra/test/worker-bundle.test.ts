import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireWorkerBundle, WORKER_BUNDLE_COMMAND } from '../src/paths.js';
import { INFRA_DIR } from './support.js';

describe('cdk synth: the worker bundle', () => {
  it('fails without the bundle, naming the command that builds it', () => {
    // Prepare: a worker folder with no dist/main.mjs
    const context = mkdtempSync(join(tmpdir(), 's3bulk-worker-'));

    // Act
    const check = () => requireWorkerBundle(context);

    // Assess
    expect(check).toThrow(/worker bundle .*dist\/main\.mjs is missing/);
    expect(check).toThrow(WORKER_BUNDLE_COMMAND);
  });

  it('passes once the bundle is there', () => {
    // Prepare
    const context = mkdtempSync(join(tmpdir(), 's3bulk-worker-'));
    mkdirSync(join(context, 'dist'));
    writeFileSync(join(context, 'dist/main.mjs'), '');

    // Act
    const check = () => requireWorkerBundle(context);

    // Assess
    expect(check).not.toThrow();
  });

  it('nx runs the worker bundle before infra:synth, infra:deploy and infra:test', () => {
    // Act
    const shown = spawnSync('npx', ['nx', 'show', 'project', 'infra', '--json'], {
      cwd: INFRA_DIR,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });

    // Assess
    expect(shown.status, shown.stderr).toBe(0);
    const { targets } = JSON.parse(shown.stdout) as {
      targets: Record<string, { dependsOn?: unknown[] }>;
    };
    for (const target of ['synth', 'deploy', 'test']) {
      expect(targets[target]?.dependsOn, target).toContainEqual({
        projects: ['worker'],
        target: 'bundle',
      });
    }
  });
});
