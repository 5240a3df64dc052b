#!/usr/bin/env node
// Replaces tsc's dist/commands/*.js with esbuild bundles after `tsc`: each command one file, the
// code they share (core, the AWS SDK) in a few chunks under dist/chunks, loaded lazily where the
// source imports lazily. Node then reads a handful of files at start-up instead of about a
// thousand small modules. @oclif/core stays external: the command classes must extend the very
// Command class that bin/run.js loads.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const commands = (await readdir(join(root, 'src/commands'), { recursive: true }))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => join('src/commands', file));

await build({
  absWorkingDir: root,
  entryPoints: commands,
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  // The ESM builds of the AWS SDK: no CommonJS interop at start-up, and they tree-shake.
  mainFields: ['module', 'main'],
  target: 'node20',
  format: 'esm',
  external: ['@oclif/core'],
  // Workspace packages from their sources, like the worker's bundle.
  conditions: ['@s3bulk/source'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __s3bulkRequire } from 'node:module'; const require = __s3bulkRequire(import.meta.url);",
  },
});
console.log(`bundled ${commands.length} commands into dist/commands and dist/chunks`);
