import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const workflowsDir = join(root, '.github', 'workflows');
// The validator is a root devDependency: resolve its bin the way npm links it.
const validator = createRequire(join(root, 'package.json')).resolve(
  '@action-validator/cli/cli.mjs',
);

function validate(file: string) {
  return spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
}

const workflows = readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

// A broken workflow fails here, in `npm test`, not on GitHub after a push.
describe('ci: GitHub Actions workflows', () => {
  it('has at least the ci workflow', () => {
    expect(workflows).toContain('ci.yml');
  });

  it.each(workflows)('%s passes action-validator', (file) => {
    // Act
    const result = validate(join(workflowsDir, file));

    // Assess
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('action-validator refuses a workflow with a misspelt key', () => {
    // Prepare
    const broken = join(mkdtempSync(join(tmpdir(), 's3bulk-wf-')), 'broken.yml');
    writeFileSync(
      broken,
      'name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo hi\n',
    );

    // Act
    const result = validate(broken);

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("Additional property 'step' is not allowed");
  });

  it('runs nx affected against the merge base on pull requests and everything on main', () => {
    // Prepare
    const ci = readFileSync(join(workflowsDir, 'ci.yml'), 'utf8');

    // Assess: the parts Nx documents for GitHub Actions, and the jobs issue 14 asks for.
    expect(ci).toContain('fetch-depth: 0');
    expect(ci).toContain('nrwl/nx-set-shas@');
    expect(ci).toMatch(/nx affected -t lint typecheck test build --base="\$NX_BASE"/);
    expect(ci).toContain('nx run-many -t lint typecheck test build');
    expect(ci).toContain('npx nx run worker:docker');
    expect(ci).toContain('secrets.LOCALSTACK_AUTH_TOKEN');
  });

  it('dependabot watches npm, the actions and the worker image base', () => {
    // Prepare
    const config = readFileSync(join(root, '.github', 'dependabot.yml'), 'utf8');

    // Assess
    const ecosystems = [...config.matchAll(/package-ecosystem: (\S+)/g)].map((m) => m[1]);
    expect(ecosystems).toEqual(['npm', 'github-actions', 'docker']);
    expect(config).toContain('directory: /apps/worker');
  });
});
