#!/usr/bin/env node
// The SDK's Node 20 end-of-support notice would land on stderr above every command's output, so
// the CLI silences it (README, "Requirements"); set the variable to 'false' to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// dist/index.js is the bundle of @oclif/core the commands extend (scripts/bundle.mjs).
const { execute } = await import('../dist/index.js');
await execute({ dir: import.meta.url });
