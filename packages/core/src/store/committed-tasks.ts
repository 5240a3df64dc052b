const LINE_ID = /^([1-9]\d{0,8})(?:@(\d{1,6}))?$/;

/**
 * The set of task ids already in the ledger, kept small enough for 10-million-row manifests:
 * ids that are a manifest line number (`"42"`, every object row; `"42@3"`, line 42 of inventory
 * data file 3) cost one bit each in a growable bitmap per file (10M lines: 1.25 MB); other ids (`"<line>:<key>"`, tasks a sync expands from a prefix
 * row) are kept in a Set, so memory grows with the number of expanded tasks committed.
 */
export class CommittedTasks {
  private readonly bitmaps = new Map<number, Uint8Array>();
  private readonly others = new Set<string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(taskId: string): boolean {
    const at = lineOf(taskId);
    if (at === undefined) return this.others.has(taskId);
    const bits = this.bitmaps.get(at.file);
    const byte = at.line >>> 3;
    return (
      bits !== undefined && byte < bits.length && ((bits[byte] ?? 0) & (1 << (at.line & 7))) !== 0
    );
  }

  /** Adds `taskId`; returns false when it was already there. */
  add(taskId: string): boolean {
    const at = lineOf(taskId);
    if (at === undefined) {
      if (this.others.has(taskId)) return false;
      this.others.add(taskId);
      this.count++;
      return true;
    }
    const byte = at.line >>> 3;
    const bits = this.bitmapFor(at.file, byte + 1);
    const mask = 1 << (at.line & 7);
    const value = bits[byte] ?? 0;
    if ((value & mask) !== 0) return false;
    bits[byte] = value | mask;
    this.count++;
    return true;
  }

  /** The bitmap of one file (-1: a plain manifest), grown to at least `minLength` bytes. */
  private bitmapFor(file: number, minLength: number): Uint8Array {
    const bits = this.bitmaps.get(file) ?? new Uint8Array(1024);
    if (bits.length >= minLength) {
      this.bitmaps.set(file, bits);
      return bits;
    }
    let length = bits.length;
    while (length < minLength) length *= 2;
    const next = new Uint8Array(length);
    next.set(bits);
    this.bitmaps.set(file, next);
    return next;
  }
}

function lineOf(taskId: string): { line: number; file: number } | undefined {
  const match = LINE_ID.exec(taskId);
  if (!match) return undefined;
  return { line: Number(match[1]), file: match[2] === undefined ? -1 : Number(match[2]) };
}
