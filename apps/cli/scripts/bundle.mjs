#!/usr/bin/env node
// Replaces tsc's dist/commands/*.js, dist/index.js and dist/help.js with esbuild bundles after
// `tsc`: each command one CommonJS file (.cjs), @oclif/core one more (dist/oclif.cjs), so Node
// reads a handful of files at start-up instead of about a thousand small modules. CommonJS because
// Node 20 keeps compiled code only for CommonJS (bin/compile-cache.js). Every bundle reaches oclif
// through `#oclif` (package.json "imports"): the bin, the help class and every command share one
// @oclif/core, as a command must extend the very Command class that runs it. The AWS SDK stays in
// node_modules, required where the source imports it lazily, so a job that sends no SDK request
// never loads it.
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DYNAMIC_IMPORT } from '../bin/compile-cache.js';

const root = join(import.meta.dirname, '..');
const commands = (await readdir(join(root, 'src/commands'), { recursive: true }))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => join('src/commands', file));

/** Imports every bundle leaves to Node: oclif's own bundle, the SDK, tools oclif may look for. */
const shared = {
  name: 's3bulk-shared',
  setup(bundle) {
    bundle.onResolve({ filter: /^@oclif\/core$/ }, () => ({ path: '#oclif', external: true }));
    // Only what the source imports lazily: the rest of the SDK it needs is bundled, tree-shaken.
    bundle.onResolve({ filter: /^(@aws-sdk|@smithy)\// }, ({ path, kind }) =>
      kind === 'dynamic-import' ? { path, external: true } : undefined,
    );
  },
};

const options = {
  absWorkingDir: root,
  outbase: 'src',
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  mainFields: ['module', 'main'],
  conditions: ['@s3bulk/source', 'module'],
  target: 'node20',
  format: 'cjs',
  // oclif reads a tsconfig (with TypeScript, when installed) only for commands run from sources.
  external: ['typescript', 'ts-node'],
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};

// tsc's ESM outputs of the entries: oclif would find them beside the bundles.
const replaced = [...commands, 'src/index.ts', 'src/help.ts'].map((file) =>
  join(root, file.replace(/^src/, 'dist').replace(/\.ts$/, '.js')),
);
await Promise.all(replaced.flatMap((file) => [rm(file), rm(`${file}.map`, { force: true })]));

// oclif import()s ES modules (commands, plugins, hooks of that kind; s3bulk has none): through
// dist/esm-import.cjs, which Node compiles itself, so that oclif's bundle can be cached.
const esmImport = {
  name: 's3bulk-esm-import',
  setup(bundle) {
    // import('name') of a package stays for esbuild to bundle (a lazy require(), see below).
    const computed = new RegExp(`${DYNAMIC_IMPORT.source}(?!['"\`])`, 'g');
    bundle.onLoad({ filter: /\.js$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replace(computed, '__s3bulkImport('),
      loader: 'js',
    }));
  },
};
await writeFile(join(root, 'dist/esm-import.cjs'), 'module.exports = (url) => import(url);\n');
const oclifEntry = join(root, 'dist/oclif-entry.cjs');
await writeFile(oclifEntry, "module.exports = require('@oclif/core');\n");
const debugOnDemand = {
  name: 's3bulk-debug-on-demand',
  setup(bundle) {
    const shim = join(root, 'scripts/debug-on-demand.cjs');
    bundle.onResolve({ filter: /^debug$/ }, ({ importer }) =>
      importer === shim ? undefined : { path: shim },
    );
  },
};
await build({
  ...options,
  entryPoints: { oclif: oclifEntry },
  outbase: undefined,
  plugins: [esmImport, debugOnDemand],
  supported: { 'dynamic-import': false },
  banner: { js: "const __s3bulkImport = require('./esm-import.cjs');" },
});
await rm(oclifEntry);
await build({
  ...options,
  entryPoints: [...commands, 'src/index.ts', 'src/help.ts'],
  plugins: [shared],
  // Lazy imports become lazy require()s: code compiled with a cache (vm.Script) gets no import()
  // on Node 20 without an experimental flag.
  supported: { 'dynamic-import': false },
});
for (const file of ['oclif', 'index', 'help', ...commands.map((c) => c.slice(4, -3))]) {
  if (DYNAMIC_IMPORT.test(await readFile(join(root, `dist/${file}.cjs`), 'utf8'))) {
    throw new Error(`dist/${file}.cjs keeps an import(): the compile cache would skip it`);
  }
}
console.log(`bundled ${commands.length} commands, oclif, the entry and help into dist as .cjs`);
