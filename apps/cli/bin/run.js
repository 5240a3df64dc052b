#!/usr/bin/env node
// The SDK's Node 20 end-of-support notice would land on stderr above every command's output;
// the CLI reports it once in `s3bulk --version` output instead (see README, "Requirements").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
