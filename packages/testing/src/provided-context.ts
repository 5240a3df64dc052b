import type { EmulatorInfo } from './emulator/types.js';

// What the globalSetup hands to test files; declared where `inject` is used so that every
// project that type-checks the harness from source sees it.
declare module 'vitest' {
  export interface ProvidedContext {
    s3bulkEmulator: EmulatorInfo;
  }
}
