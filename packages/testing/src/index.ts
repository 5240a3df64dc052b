// The public surface of @s3bulk/testing: the emulator harness and shared fixtures.
export { freePort } from './emulator/free-port.js';
export { localstackUnavailableReason, startLocalstack } from './emulator/localstack.js';
export { MOTO_INSTALL_HINT, motoAvailable, resetMoto, startMoto } from './emulator/moto.js';
export { resolveEmulator } from './emulator/resolve.js';
export type { EmulatorHandle, EmulatorInfo, EmulatorKind } from './emulator/types.js';
export { TestEmulator, uniqueBucketName, useEmulator, type ObjectBodies } from './test-emulator.js';
export {
  THROTTLED,
  startFakeLambda,
  taskReply,
  type FakeLambda,
  type InvokedEvent,
  type LambdaReply,
} from './fake-lambda.js';
export { AWKWARD_KEYS, deterministicBytes, encodeManifestKey } from './fixtures.js';
export {
  badManifestCorpus,
  writeManifestCase,
  type BadManifestCase,
  type CorpusOptions,
  type ExpectedManifestProblem,
} from './manifest-corpus.js';
export {
  startRecordingProxy,
  type RecordedRequest,
  type RecordingProxy,
} from './recording-proxy.js';
export {
  DEFAULT_FAULTS,
  startS3Simulator,
  type RunningSimulator,
  type SeedSpec,
  type SimulatorFaults,
  type SimulatorOptions,
  type ObjectRead,
  type SimulatorStats,
} from './s3-simulator/index.js';
