#!/usr/bin/env node
// Replaces tsc's dist/commands/*.js, dist/index.js and dist/help.js with esbuild bundles after
// `tsc`: each command one file, the code they share (oclif, core, the AWS SDK) in a few chunks
// under dist/chunks, loaded lazily where the source imports lazily. Node then reads a handful of
// files at start-up instead of about a thousand small modules. bin/run.js starts oclif from
// dist/index.js, so the bin, the help class and every command share one bundled @oclif/core:
// a command must extend the very Command class that runs it.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const commands = (await readdir(join(root, 'src/commands'), { recursive: true }))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => join('src/commands', file));

await build({
  absWorkingDir: root,
  entryPoints: [...commands, 'src/index.ts', 'src/help.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  // The ESM builds of the AWS SDK: no CommonJS interop at start-up, and they tree-shake. `module`
  // picks them for subpath imports too (`@smithy/core/serde`): naming any condition drops
  // esbuild's default `module`, and the CommonJS builds came in beside the ESM ones.
  mainFields: ['module', 'main'],
  conditions: ['@s3bulk/source', 'module'],
  target: 'node20',
  format: 'esm',
  // oclif reads a tsconfig (with TypeScript, when installed) only for commands run from sources.
  external: ['typescript', 'ts-node'],
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __s3bulkRequire } from 'node:module'; const require = __s3bulkRequire(import.meta.url);",
  },
});
console.log(`bundled ${commands.length} commands, the entry and help into dist and dist/chunks`);
