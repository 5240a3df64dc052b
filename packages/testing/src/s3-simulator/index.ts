// The S3 simulator: in-memory S3 on loopback for benchmarks and fault-injection tests.
export { startS3Simulator } from './s3-simulator.js';
export { seededRandom } from './fault-injector.js';
export { decodeAwsChunked } from './request-body.js';
export {
  DEFAULT_FAULTS,
  type RunningSimulator,
  type SeedSpec,
  type SimulatorFaults,
  type SimulatorOptions,
  type ObjectRead,
  type SimulatorStats,
} from './types.js';
