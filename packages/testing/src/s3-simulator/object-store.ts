import { createHash } from 'node:crypto';

/** One stored object. Bodies are lists of immutable chunks so copies share memory. */
export interface StoredObject {
  key: string;
  chunks: Buffer[];
  size: number;
  etag: string;
  lastModified: Date;
  contentType: string;
  metadata: Record<string, string>;
  tags: Record<string, string>;
  /** Extra headers stored verbatim (cache-control, content-encoding, ...). */
  headers: Record<string, string>;
}

/** One bucket: a map for lookups and a lazily sorted key list for listings. */
export class StoredBucket {
  readonly objects = new Map<string, StoredObject>();
  readonly created = new Date();
  #sorted: string[] = [];
  #dirty = false;

  constructor(readonly name: string) {}

  put(object: StoredObject): void {
    if (!this.objects.has(object.key)) this.#dirty = true;
    this.objects.set(object.key, object);
  }

  delete(key: string): boolean {
    const deleted = this.objects.delete(key);
    if (deleted) this.#dirty = true;
    return deleted;
  }

  /** Keys in ascending order; sorted again only after keys were added or removed. */
  sortedKeys(): string[] {
    if (this.#dirty) {
      this.#sorted = [...this.objects.keys()].sort(compareKeys);
      this.#dirty = false;
    }
    return this.#sorted;
  }

  /** Index of the first key strictly greater than `after` (or >= `from` when after is empty). */
  firstIndexAfter(after: string, from: string): number {
    const keys = this.sortedKeys();
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const key = keys[middle] as string;
      const before = after ? compareKeys(key, after) <= 0 : compareKeys(key, from) < 0;
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

// S3 lists in UTF-8 byte order; UTF-16 order differs only past U+D7FF, where we compare bytes.
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  if (/[\ud800-\uffff]/.test(a) || /[\ud800-\uffff]/.test(b)) {
    return Buffer.compare(Buffer.from(a), Buffer.from(b));
  }
  return a < b ? -1 : 1;
}

export function md5Hex(chunks: Buffer[]): string {
  const hash = createHash('md5');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** Bytes [start, end] (inclusive) of a chunked body, sharing memory where possible. */
export function sliceChunks(chunks: Buffer[], start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  for (const chunk of chunks) {
    const chunkEnd = offset + chunk.length;
    if (chunkEnd > start && offset <= end) {
      out.push(
        chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end + 1 - offset)),
      );
    }
    offset = chunkEnd;
    if (offset > end) break;
  }
  return out;
}

/** Deterministic bytes for seeded objects; big bodies share one filler buffer to save memory. */
const fillers = new Map<number, Buffer>();
const SHARED_FILLER_FROM = 1024 * 1024;

export function seededBody(key: string, size: number, variant: number): Buffer[] {
  const head = Buffer.alloc(Math.min(size, 64), `${variant}:${key}|`);
  if (size <= 64) return [head];
  if (size < SHARED_FILLER_FROM) return [head, patternBytes(size - 64, variant + key.length)];
  const rest = size - 64;
  let filler = fillers.get(rest);
  if (!filler) {
    filler = patternBytes(rest, 7);
    fillers.set(rest, filler);
  }
  return [head, filler];
}

function patternBytes(size: number, salt: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let state = (salt * 2654435761) >>> 0 || 1;
  for (let index = 0; index < size; index += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    buffer[index] = state >>> 24;
  }
  return buffer;
}
