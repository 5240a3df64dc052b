import { defineProjectConfig } from '../../vitest.shared.js';

// Synthesizing a stack (esbuild bundling, asset staging, cdk-nag) takes seconds, more on a busy CI.
export default defineProjectConfig(import.meta.dirname, {
  test: { testTimeout: 180_000, hookTimeout: 240_000 },
});
