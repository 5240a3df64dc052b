import { defineProjectConfig } from '../../vitest.shared.js';

// End-to-end tests run the built CLI against one emulator per run (see packages/testing).
export default defineProjectConfig(import.meta.dirname, {
  emulator: true,
  test: { testTimeout: 120_000 },
});
