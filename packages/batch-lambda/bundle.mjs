// Bundles the Lambda entry point into dist/handler.mjs (Node 22, ESM). Everything is bundled,
// AWS SDK included: the function runs the SDK version the tests ran, not the runtime's copy.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/handler.ts'],
  outfile: 'dist/handler.mjs',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  // Workspace packages from their TypeScript sources: no build of core needed first.
  conditions: ['@s3bulk/source'],
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __s3bulkRequire } from 'node:module'; const require = __s3bulkRequire(import.meta.url);",
  },
  logLevel: 'info',
});
