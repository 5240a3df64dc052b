#!/usr/bin/env node
import module from 'node:module';
import { enableCompileCache } from './compile-cache.js';
// Later starts skip compiling the bundles (dist/*.cjs): Node 22.1+ keeps their compiled code itself
// (default: node-compile-cache in the OS temp folder), Node 20 through ./compile-cache.js (default:
// s3bulk-compile-cache-<uid> there). NODE_COMPILE_CACHE moves either, NODE_DISABLE_COMPILE_CACHE=1
// turns either off (README, "Requirements").
if (module.enableCompileCache) module.enableCompileCache();
else enableCompileCache();
// The SDK's Node 20 end-of-support notice would land on stderr above every command's output, so
// the CLI silences it (README, "Requirements"); set the variable to 'false' to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// dist/index.cjs starts the bundle of @oclif/core the commands extend (scripts/bundle.mjs).
const { execute } = module.createRequire(import.meta.url)('../dist/index.cjs');
await execute({ dir: import.meta.url });
// Every command has finished its work when execute() returns (a failing one has exited already).
// Leave at once, once the output is written: a natural exit's orderly teardown (freeing the
// heap, joining Node's threads) costs about 50 ms of wall time after the last line.
for (const stream of [process.stdout, process.stderr]) {
  if (stream.writableLength > 0) await new Promise((resolve) => stream.once('drain', resolve));
}
process.exit();
