import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { useEmulator } from '@s3bulk/testing';
import { describe, expect, it } from 'vitest';
import { copyTo, csvManifest, jobSummary, runArgs, seedBucket } from './cli-job.js';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

// Issue 13, start-up: a command loads its bundle (scripts/bundle.mjs: oclif, core, zod) and
// nothing of the S3 SDK's client until a job sends its first SDK request: a copy job on the lean
// path never does. The SDK stays out of the bundles (required from node_modules where the source
// imports it lazily); a value import of it in core would put it back in a bundle.
const DIST = resolve(import.meta.dirname, '../../dist');

const LAZY = [
  '@aws-sdk/client-s3',
  '@aws-sdk/lib-storage',
  '@aws-sdk/credential-provider-node',
  '@smithy/node-http-handler',
];

/** The npm packages whose sources a bundle file holds (from its source map). */
async function packagesIn(file: string): Promise<Set<string>> {
  const map = JSON.parse(await readFile(join(DIST, `${file}.map`), 'utf8')) as {
    sources: string[];
  };
  return new Set(map.sources.flatMap((source) => packageOf(source)));
}

function packageOf(path: string): string[] {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return match ? [match[1]!] : [];
}

/** Runs `s3bulk <args>` and answers the npm packages whose CommonJS files it loaded. */
async function packagesLoaded(args: string[], env: NodeJS.ProcessEnv, dir: string) {
  const recorder = join(dir, 'record-loaded.cjs');
  const loaded = join(dir, 'loaded.json');
  await writeFile(
    recorder,
    `process.once('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(Object.keys(require.cache))));\n`,
  );
  const result = await runCli(args, { ...env, NODE_OPTIONS: `--require ${recorder}` });
  const files = JSON.parse(await readFile(loaded, 'utf8')) as string[];
  return { result, files, packages: new Set(files.flatMap((file) => packageOf(file))) };
}

describe('the built CLI: start-up', () => {
  const emulator = useEmulator();

  it.each(['commands/run.cjs', 'commands/plan.cjs', 'oclif.cjs'])(
    '%s holds none of the S3 SDK a job loads lazily',
    async (bundle) => {
      requireBuiltCli();
      // Act
      const packages = await packagesIn(bundle);

      // Assess
      expect(LAZY.filter((name) => packages.has(name))).toEqual([]);
    },
  );

  it('--version loads oclif and nothing of the SDK', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir('s3bulk-start-up-');

    // Act
    const { result, files, packages } = await packagesLoaded(['--version'], process.env, dir);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(files).toContain(join(DIST, 'oclif.cjs'));
    expect([...packages].filter((name) => /^@(aws-sdk|smithy)\//.test(name))).toEqual([]);
  });

  it('a copy job on the lean path loads nothing of the SDK, and a plan no SDK client, upload or HTTP handler', async () => {
    requireBuiltCli();
    // Prepare
    const src = await seedBucket(emulator, 'start-src', ['a.txt', 'b.txt']);
    const dst = await seedBucket(emulator, 'start-dst');
    const dir = await tempDir('s3bulk-start-up-');
    const manifest = await csvManifest(dir, src, ['a.txt', 'b.txt']);
    const job = { manifest, operation: copyTo(dst), dir, flags: ['--format', 'csv'] };
    const env = emulator.processEnv();

    // Act
    const run = await packagesLoaded(runArgs(job), env, dir);
    const plan = await packagesLoaded(['plan', ...runArgs(job).slice(1)], env, dir);

    // Assess
    expect(run.result.code, run.result.stderr).toBe(0);
    expect(jobSummary(run.result)).toMatchObject({ succeeded: 2, failed: 0 });
    expect(plan.result.code, plan.result.stderr).toBe(0);
    expect(run.files).toContain(join(DIST, 'commands/run.cjs'));
    expect(plan.files).toContain(join(DIST, 'commands/plan.cjs'));
    for (const { packages } of [run, plan]) {
      expect(LAZY.filter((name) => packages.has(name) && !name.includes('credential'))).toEqual([]);
    }
    // Keys in the environment are read as the SDK's chain reads them, without loading the chain
    // (core's s3/env-credentials.ts): the copy job loads nothing of the SDK at all.
    expect(env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE).toBeTruthy();
    expect([...run.packages].filter((name) => /^@(aws-sdk|smithy)\//.test(name))).toEqual([]);
  });
});
