#!/usr/bin/env node
import module from 'node:module';
// Node 22.1+ keeps the compiled code of the bundle in a cache (its default: node-compile-cache in
// the OS temp folder; NODE_COMPILE_CACHE moves it, NODE_DISABLE_COMPILE_CACHE=1 turns it off),
// so later starts skip compiling it (README, "Requirements"). Node 20 has no such cache.
module.enableCompileCache?.();
// The SDK's Node 20 end-of-support notice would land on stderr above every command's output, so
// the CLI silences it (README, "Requirements"); set the variable to 'false' to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// dist/index.js is the bundle of @oclif/core the commands extend (scripts/bundle.mjs).
const { execute } = await import('../dist/index.js');
await execute({ dir: import.meta.url });
// Every command has finished its work when execute() returns (a failing one has exited already).
// Leave at once, once the output is written: a natural exit's orderly teardown (freeing the
// heap, joining Node's threads) costs about 50 ms of wall time after the last line.
for (const stream of [process.stdout, process.stderr]) {
  if (stream.writableLength > 0) await new Promise((resolve) => stream.once('drain', resolve));
}
process.exit();
