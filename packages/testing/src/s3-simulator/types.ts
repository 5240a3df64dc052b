// Contracts of the in-memory S3 simulator: the arena for benchmarks and the fault-injection backend.

/** Knobs that can change while the simulator runs (`setFaults()` or `POST /_sim/config`). */
export interface SimulatorFaults {
  /**
   * Delay before every S3 response, in milliseconds (S3's first-byte latency).
   * @default 20
   */
  latencyMs: number;
  /**
   * Requests per second allowed per bucket and key prefix (the key up to its last `/`); above it
   * requests are answered with `503 SlowDown` as S3 does. 0 turns the limit off.
   * @default 0
   */
  prefixRateLimit: number;
  /**
   * Share of S3 requests answered `500 InternalError` (0..1).
   * @default 0
   */
  error500Rate: number;
  /**
   * Share of S3 requests answered `503 SlowDown` (0..1), independent of the rate limit.
   * @default 0
   */
  error503Rate: number;
  /**
   * Share of S3 requests whose connection is destroyed without an answer (0..1).
   * @default 0
   */
  resetRate: number;
  /**
   * Share of S3 requests that never get an answer (0..1): a hung endpoint for timeout tests.
   * @default 0
   */
  stallRate: number;
  /**
   * Bytes per second per connection for request and response bodies. 0 means unlimited.
   * @default 0
   */
  bandwidthBytesPerSecond: number;
  /**
   * Operations subject to injected errors, resets and stalls (e.g. `['CopyObject']`). Empty means all.
   * @default []
   */
  faultOperations: string[];
}

export interface SimulatorOptions extends Partial<SimulatorFaults> {
  /**
   * Port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Seed of the random generator that decides injected faults, so a run can be repeated.
   * @default 1
   */
  seed?: number;
  /**
   * Buckets created at start.
   * @default []
   */
  buckets?: string[];
}

/** Counters since start or the last reset. */
export interface SimulatorStats {
  /** Requests per S3 operation name (`CopyObject`, `ListObjectsV2`, `HeadObject`, ...). */
  operations: Record<string, number>;
  requests: number;
  connections: number;
  /** Object bytes the client sent (PutObject and UploadPart bodies). */
  bytesIn: number;
  /** Object bytes sent to the client (GetObject bodies). */
  bytesOut: number;
  /** Object bytes copied inside the server (CopyObject and UploadPartCopy). */
  bytesCopied: number;
  /**
   * Every GetObject with a body, in order, the first `MAX_RECORDED_READS`: which bytes of which
   * object each request was sent, so a reader of ranges (a shard of a manifest) can be held to
   * its share. `readsDropped` counts the ones past the cap.
   */
  reads: ObjectRead[];
  readsDropped: number;
  faults: { slowDown: number; error500: number; error503: number; resets: number; stalls: number };
}

/** One GetObject answer: the object, and the inclusive byte range sent (the whole object without `Range`). */
export interface ObjectRead {
  bucket: string;
  key: string;
  first: number;
  last: number;
  /** Bytes sent: `last - first + 1`, 0 for an empty object. */
  bytes: number;
  /** The request asked for a range. */
  ranged: boolean;
}

/** Generates objects without HTTP: keys `prefix + zero-padded index` for start, start+step, ... */
export interface SeedSpec {
  bucket: string;
  /** @default '' */
  prefix?: string;
  /** @default 0 */
  start?: number;
  count: number;
  /** @default 1 */
  step?: number;
  /** Body size in bytes. */
  size: number;
  /** Digits of the zero-padded index. @default 8 */
  keyDigits?: number;
  /** ISO date or epoch milliseconds. @default now */
  lastModified?: string | number;
  /** Changes the bytes (and ETag) without changing the size. @default 0 */
  variant?: number;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  port: number;
  stats(): SimulatorStats;
  resetStats(): void;
  faults(): SimulatorFaults;
  setFaults(faults: Partial<SimulatorFaults>): SimulatorFaults;
  createBucket(name: string): void;
  seed(spec: SeedSpec): number;
  /** Deletes the objects of a bucket under a prefix; returns how many. */
  clear(bucket: string, prefix?: string): number;
  /** A stored object's bytes, or undefined. */
  objectBody(bucket: string, key: string): Buffer | undefined;
  stop(): Promise<void>;
}

export const DEFAULT_FAULTS: SimulatorFaults = {
  latencyMs: 20,
  prefixRateLimit: 0,
  error500Rate: 0,
  error503Rate: 0,
  resetRate: 0,
  stallRate: 0,
  bandwidthBytesPerSecond: 0,
  faultOperations: [],
};
