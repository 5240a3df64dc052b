import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

// Issue 13, start-up: on Node 20 bin/compile-cache.js keeps V8's compiled code of the CLI's
// CommonJS files (NODE_COMPILE_CACHE names the folder here), so a later start does not compile
// them again. NODE_DEBUG=compile_cache has it say, per file, what it did; a bad cache is never
// more than a slower start. Node 22 keeps its own cache (module.enableCompileCache) instead.
// Node 22's own cache, absent from Node 20's types.
const NODE_CACHES = 'enableCompileCache' in module;
const OCLIF = resolve(import.meta.dirname, '../../dist/oclif.cjs');

/** `s3bulk --version` with the cache in `cacheDir`, and what the cache said it did. */
async function version(cacheDir: string, env: NodeJS.ProcessEnv = {}) {
  const result = await runCli(['--version'], {
    ...process.env,
    NODE_COMPILE_CACHE: cacheDir,
    NODE_DEBUG: 'compile_cache',
    ...env,
  });
  const said = (what: string) =>
    result.stderr.split('\n').filter((line) => line.endsWith(`: ${what} ${OCLIF}`)).length;
  return { ...result, said };
}

/** The cache's entry files (one folder per V8 version and architecture). */
async function entries(cacheDir: string): Promise<string[]> {
  const [folder] = await readdir(cacheDir);
  const files = await readdir(join(cacheDir, folder!));
  return files.map((file) => join(cacheDir, folder!, file));
}

describe.skipIf(NODE_CACHES)('s3bulk on Node 20: compile cache', () => {
  it('writes the compiled code at the first start and uses it at the second', async () => {
    requireBuiltCli();
    // Prepare
    const cacheDir = await tempDir('s3bulk-cache-');

    // Act
    const first = await version(cacheDir);
    const second = await version(cacheDir);

    // Assess
    expect(first.code, first.stderr).toBe(0);
    expect(first.said('missing')).toBe(1);
    expect(first.said('written')).toBe(1);
    expect((await entries(cacheDir)).length).toBeGreaterThan(0);
    expect(second.code, second.stderr).toBe(0);
    expect(second.said('accepted')).toBe(1);
    expect(second.said('written')).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('ignores corrupt entries, and entries V8 rejects, and writes them again', async () => {
    requireBuiltCli();
    // Prepare
    const cacheDir = await tempDir('s3bulk-cache-');
    const clean = await version(cacheDir);
    const files = await entries(cacheDir);
    const sizes = await Promise.all(files.map(async (file) => (await readFile(file)).length));
    const [small, large] = [
      files[sizes.indexOf(Math.min(...sizes))]!,
      files[sizes.indexOf(Math.max(...sizes))]!,
    ];
    const truncated = (await readFile(large)).subarray(0, 1000);

    // Act: bytes that fail their digest, then a valid entry of another file's code.
    await writeFile(large, truncated);
    const corrupt = await version(cacheDir);
    await writeFile(large, await readFile(small));
    const foreign = await version(cacheDir);
    const again = await version(cacheDir);

    // Assess
    expect(corrupt.code, corrupt.stderr).toBe(0);
    expect(corrupt.said('corrupt')).toBe(1);
    expect(corrupt.said('written')).toBe(1);
    expect(foreign.code, foreign.stderr).toBe(0);
    expect(foreign.said('rejected')).toBe(1);
    expect(again.said('accepted')).toBe(1);
    for (const result of [corrupt, foreign, again]) expect(result.stdout).toBe(clean.stdout);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off; a folder it cannot make changes nothing', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir('s3bulk-cache-');
    const notAFolder = join(dir, 'file');
    await writeFile(notAFolder, 'x');

    // Act
    const off = await version(join(dir, 'off'), { NODE_DISABLE_COMPILE_CACHE: '1' });
    const blocked = await version(join(notAFolder, 'cache'));

    // Assess
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).not.toContain('COMPILE_CACHE');
    expect(await readdir(dir)).toEqual(['file']);
    expect(blocked.code, blocked.stderr).toBe(0);
    expect(blocked.stderr).not.toContain('COMPILE_CACHE');
    expect(blocked.stdout).toBe(off.stdout);
  });

  it('uses no folder that others may write to (their code would run as the user)', async () => {
    requireBuiltCli();
    // Prepare
    const dir = await tempDir('s3bulk-cache-');
    const shared = join(dir, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);

    // Act
    const result = await version(shared);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('not used:');
    expect(result.said('written')).toBe(0);
    expect(await readdir(shared)).toEqual([]);
  });
});
