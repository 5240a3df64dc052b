import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import module from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { requireBuiltCli, runCli, tempDir } from './run-cli.js';

// Issue 13, start-up: on Node 20 bin/compile-cache.js keeps V8's compiled code of the CLI's
// CommonJS files (NODE_COMPILE_CACHE names the folder here), so a later start does not compile
// them again. NODE_DEBUG=compile_cache has it say, per file, what it did; a bad cache is never
// more than a slower start. Node 22 keeps its own cache (module.enableCompileCache) instead.
// Node 22's own cache, absent from Node 20's types.
const NODE_CACHES = 'enableCompileCache' in module;
const OCLIF = resolve(import.meta.dirname, '../../dist/oclif.cjs');
const COMPILE_CACHE = resolve(import.meta.dirname, '../../bin/compile-cache.js');
const DAY_MS = 24 * 60 * 60 * 1000;

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

/**
 * What a CommonJS module sees of Node's loader (its require, the module it requires), loaded as
 * bin/run.js loads the bundles: with the cache in `cacheDir`, or by Node alone when undefined.
 */
async function loaderView(dir: string, cacheDir: string | undefined) {
  await writeFile(join(dir, 'child.cjs'), 'module.exports = module.id;\n');
  await writeFile(
    join(dir, 'parent.cjs'),
    [
      "const Module = require('node:module');",
      "const child = require.cache[require.resolve('./child.cjs')];",
      "require('./child.cjs');",
      'module.exports = {',
      '  main: require.main === process.mainModule,',
      '  cache: require.cache === Module._cache,',
      '  extensions: require.extensions === Module._extensions,',
      '  children: module.children.map((m) => m.id),',
      "  childParent: require.cache[require.resolve('./child.cjs')].parent === module,",
      '  cachedBefore: child !== undefined,',
      "  paths: require.resolve.paths('x'),",
      '  parent: module.parent.id,',
      '};',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'probe.mjs'),
    [
      "import module from 'node:module';",
      `import { enableCompileCache } from '${pathToFileURL(COMPILE_CACHE).href}';`,
      'if (process.env.NODE_COMPILE_CACHE) enableCompileCache();',
      "console.log(JSON.stringify(module.createRequire(import.meta.url)('./parent.cjs')));",
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'compile_cache' };
  delete env.NODE_COMPILE_CACHE;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(dir, 'probe.mjs')], {
    env: cacheDir ? { ...env, NODE_COMPILE_CACHE: cacheDir } : env,
  });
  return { view: JSON.parse(stdout) as unknown, stderr };
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

  it("gives compiled code Node's own require: module.children, parent, require.main and cache", async () => {
    // Prepare
    const dir = await tempDir('s3bulk-cache-');
    const cacheDir = join(dir, 'cache');

    // Act: Node alone, then the cache missing, then the cache accepted.
    const node = await loaderView(dir, undefined);
    const missing = await loaderView(dir, cacheDir);
    const accepted = await loaderView(dir, cacheDir);

    // Assess
    expect(node.view).toMatchObject({ children: [join(dir, 'child.cjs')], childParent: true });
    expect(missing.stderr).toContain(`missing ${join(dir, 'parent.cjs')}`);
    expect(missing.view).toEqual(node.view);
    expect(accepted.stderr).toContain(`accepted ${join(dir, 'parent.cjs')}`);
    expect(accepted.view).toEqual(node.view);
  });

  it('removes, when it writes, only its own entries that no current file can use', async () => {
    requireBuiltCli();
    // Prepare: a cache written by this build, then what other builds and versions left.
    const cacheDir = await tempDir('s3bulk-cache-');
    await version(cacheDir);
    const files = await entries(cacheDir);
    const folder = dirname(files[0]!);
    const names = files.map((file) => basename(file));
    const loaded = names[0]!.slice(0, 8); // the CRC-32 of a file's path
    const old = new Date(Date.now() - 40 * DAY_MS);
    const seed = async (path: string, aged: boolean) => {
      await writeFile(path, 'x');
      if (aged) await utimes(path, old, old);
    };
    const oldVersion = join(cacheDir, 'v8-0.0.0-x64');
    const oldVersionKept = join(cacheDir, 'v8-0.0.1-x64');
    await mkdir(oldVersion);
    await mkdir(oldVersionKept);
    const doomed = [
      join(folder, `${loaded}-00000000-00000001`), // another build of a file this run loads
      join(folder, '11111111-22222222-00000003'), // a file no run loaded for 40 days
      join(folder, `${'a'.repeat(40)}`), // the SHA-1 names of an earlier version of the cache
      join(folder, '11111111-22222222-00000004.123.tmp'), // a write a crash cut short
      join(oldVersion, '11111111-22222222-00000003'),
      join(oldVersionKept, '11111111-22222222-00000003'),
    ];
    const kept = [
      join(folder, '11111111-22222222-00000005'), // another file's, written lately
      join(folder, 'notes.txt'), // not the cache's
      join(oldVersionKept, 'notes.txt'),
    ];
    for (const path of doomed) await seed(path, !path.startsWith(join(folder, loaded)));
    for (const path of kept) await seed(path, path.endsWith('notes.txt'));
    for (const path of [oldVersion, oldVersionKept]) await utimes(path, old, old);

    // Act: a warm start writes nothing, so it removes nothing; a start that writes prunes.
    const warm = await version(cacheDir);
    const warmNames = await readdir(folder);
    for (const name of names) await rm(join(folder, name));
    const writing = await version(cacheDir);

    // Assess
    expect(warm.said('written')).toBe(0);
    expect(warmNames).toEqual(
      expect.arrayContaining(doomed.filter((p) => p.startsWith(folder)).map((p) => basename(p))),
    );
    expect(writing.said('written')).toBe(1);
    for (const path of doomed)
      await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    for (const path of kept) expect(await readFile(path, 'utf8')).toBe('x');
    expect(await readdir(cacheDir)).toEqual([basename(folder), basename(oldVersionKept)].sort());
    expect((await readdir(folder)).sort()).toEqual(
      [...names, ...kept.slice(0, 2).map((p) => basename(p))].sort(),
    );
  });
});
