const LINE_ID = /^[1-9]\d{0,8}$/;

/**
 * The set of task ids already in the ledger, kept small enough for 10-million-row manifests:
 * ids that are a manifest line number (`"42"`, every object row) cost one bit each in a growable
 * bitmap (10M lines: 1.25 MB); other ids (`"<line>:<key>"`, tasks a sync expands from a prefix
 * row) are kept in a Set, so memory grows with the number of expanded tasks committed.
 */
export class CommittedTasks {
  private bits = new Uint8Array(1024);
  private readonly others = new Set<string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(taskId: string): boolean {
    const line = lineOf(taskId);
    if (line === undefined) return this.others.has(taskId);
    const byte = line >>> 3;
    return byte < this.bits.length && ((this.bits[byte] ?? 0) & (1 << (line & 7))) !== 0;
  }

  /** Adds `taskId`; returns false when it was already there. */
  add(taskId: string): boolean {
    const line = lineOf(taskId);
    if (line === undefined) {
      if (this.others.has(taskId)) return false;
      this.others.add(taskId);
      this.count++;
      return true;
    }
    const byte = line >>> 3;
    if (byte >= this.bits.length) this.grow(byte + 1);
    const mask = 1 << (line & 7);
    const value = this.bits[byte] ?? 0;
    if ((value & mask) !== 0) return false;
    this.bits[byte] = value | mask;
    this.count++;
    return true;
  }

  private grow(minLength: number): void {
    let length = this.bits.length;
    while (length < minLength) length *= 2;
    const next = new Uint8Array(length);
    next.set(this.bits);
    this.bits = next;
  }
}

function lineOf(taskId: string): number | undefined {
  return LINE_ID.test(taskId) ? Number(taskId) : undefined;
}
