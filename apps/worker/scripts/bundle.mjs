// Bundle the worker into one ESM file for the container: `dist/main.mjs`, no node_modules needed.
// `node scripts/bundle.mjs [outfile]` (tests bundle into a folder of their own).
import { resolve } from 'node:path';
import { build } from 'esbuild';

const dir = new URL('..', import.meta.url).pathname;
const outfile = process.argv[2] ? resolve(process.argv[2]) : 'dist/main.mjs';

await build({
  absWorkingDir: dir,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Workspace packages from their sources: the bundle needs no prior build of @s3bulk/core.
  conditions: ['@s3bulk/source'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __s3bulkRequire } from 'node:module'; const require = __s3bulkRequire(import.meta.url);",
  },
});
console.log(`bundled ${outfile}`);
