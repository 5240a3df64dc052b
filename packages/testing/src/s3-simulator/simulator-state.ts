import type { IncomingHttpHeaders } from 'node:http';
import { md5Hex, seededBody, StoredBucket, type StoredObject } from './object-store.js';
import type { SeedSpec, SimulatorStats } from './types.js';

/** An S3 error answer: status, S3 error code and message. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

export interface S3Request {
  operation: string;
  method: string;
  bucket: string;
  key: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  requestId: string;
}

export interface S3Response {
  status: number;
  headers?: Record<string, string | number>;
  /** XML as text or as its UTF-8 bytes, or object bytes as chunks. */
  body?: string | Buffer | Buffer[];
}

export interface MultipartUpload {
  bucket: string;
  key: string;
  initiated: Date;
  contentType: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  parts: Map<number, { chunks: Buffer[]; size: number; etag: string; lastModified: Date }>;
}

/** Reads recorded one by one in the stats; past it only counted (a long run must not grow it). */
export const MAX_RECORDED_READS = 10_000;

export function emptyStats(): SimulatorStats {
  return {
    operations: {},
    requests: 0,
    connections: 0,
    bytesIn: 0,
    bytesOut: 0,
    bytesCopied: 0,
    reads: [],
    readsDropped: 0,
    faults: { slowDown: 0, error500: 0, error503: 0, resets: 0, stalls: 0 },
  };
}

/** Everything the simulator holds: buckets, objects, open multipart uploads and counters. */
export class SimulatorState {
  readonly buckets = new Map<string, StoredBucket>();
  readonly uploads = new Map<string, MultipartUpload>();
  stats: SimulatorStats = emptyStats();
  #uploadCounter = 0;

  /** Count a GetObject body sent: its bytes, and which bytes of which object. */
  recordRead(bucket: string, key: string, first: number, last: number, ranged: boolean): void {
    const bytes = last >= first ? last - first + 1 : 0;
    this.stats.bytesOut += bytes;
    if (this.stats.reads.length < MAX_RECORDED_READS) {
      this.stats.reads.push({ bucket, key, first, last, bytes, ranged });
    } else {
      this.stats.readsDropped += 1;
    }
  }

  bucket(name: string): StoredBucket {
    const bucket = this.buckets.get(name);
    if (!bucket)
      throw new S3Error(404, 'NoSuchBucket', `The specified bucket does not exist: ${name}`);
    return bucket;
  }

  object(bucketName: string, key: string): StoredObject {
    const object = this.bucket(bucketName).objects.get(key);
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    return object;
  }

  createBucket(name: string): StoredBucket {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new StoredBucket(name);
      this.buckets.set(name, bucket);
    }
    return bucket;
  }

  nextUploadId(): string {
    this.#uploadCounter += 1;
    return `upload-${Date.now().toString(36)}-${this.#uploadCounter}`;
  }

  seed(spec: SeedSpec): number {
    const bucket = this.createBucket(spec.bucket);
    const step = spec.step ?? 1;
    const start = spec.start ?? 0;
    const digits = spec.keyDigits ?? 8;
    const variant = spec.variant ?? 0;
    const lastModified = spec.lastModified === undefined ? new Date() : new Date(spec.lastModified);
    for (let index = 0; index < spec.count; index += 1) {
      const key = `${spec.prefix ?? ''}${String(start + index * step).padStart(digits, '0')}`;
      const chunks = seededBody(key, spec.size, variant);
      // Hashing shared multi-MiB fillers per object would dominate seeding: hash the key instead.
      const etag = spec.size < 1024 * 1024 ? md5Hex(chunks) : md5Hex([chunks[0] as Buffer]);
      bucket.put({
        key,
        chunks,
        size: spec.size,
        etag,
        lastModified,
        contentType: 'application/octet-stream',
        metadata: {},
        tags: {},
        headers: {},
      });
    }
    return spec.count;
  }

  clear(bucketName: string, prefix = ''): number {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return 0;
    let deleted = 0;
    for (const key of [...bucket.objects.keys()]) {
      if (key.startsWith(prefix) && bucket.delete(key)) deleted += 1;
    }
    return deleted;
  }
}
