const LINE_ID = /^([1-9]\d{0,8})(?:@(\d{1,6}))?$/;
const ROW_OF_EXPANDED = /^([1-9]\d{0,8}(?:@\d{1,6})?):/;

/**
 * The set of task ids already in the ledger, kept small enough for 10-million-task jobs: ids
 * that are a manifest line number (`"42"`, every object row; `"42@3"`, line 42 of inventory data
 * file 3) cost one bit each in a growable bitmap per file (10M lines: 1.25 MB), and so do the
 * tasks a prefix row expanded into (`"<row>:<key>"`) when their place in the row's persisted
 * plan (`seq`) is known: one bitmap per row. Only expanded ids without a `seq` (ledgers written
 * before plans numbered their tasks, or a store that keeps no plans) are kept as strings.
 */
export class CommittedTasks {
  private readonly lines = new Map<number, Bitmap>();
  private readonly rows = new Map<string, Bitmap>();
  private readonly others = new Set<string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(taskId: string, seq?: number): boolean {
    const slot = this.slotOf(taskId, seq, false);
    // An older ledger may hold the same expanded task by its id alone.
    if (slot?.bitmap.has(slot.index)) return true;
    return this.others.size > 0 && this.others.has(taskId);
  }

  /** Adds `taskId` (with its plan `seq`, when it has one); returns false when it was there. */
  add(taskId: string, seq?: number): boolean {
    const slot = this.slotOf(taskId, seq, true);
    if (slot) {
      if (this.others.size > 0 && this.others.has(taskId)) return false;
      if (!slot.bitmap.add(slot.index)) return false;
    } else {
      if (this.others.has(taskId)) return false;
      this.others.add(taskId);
    }
    this.count++;
    return true;
  }

  /** Where the bit of `taskId` lives, or undefined when it is kept as a string. */
  private slotOf(
    taskId: string,
    seq: number | undefined,
    create: boolean,
  ): { bitmap: Bitmap; index: number } | undefined {
    if (seq !== undefined && Number.isSafeInteger(seq) && seq >= 0) {
      const row = ROW_OF_EXPANDED.exec(taskId)?.[1];
      if (row !== undefined) return { bitmap: bitmapIn(this.rows, row, create), index: seq };
    }
    const match = LINE_ID.exec(taskId);
    if (!match) return undefined;
    const file = match[2] === undefined ? -1 : Number(match[2]);
    return { bitmap: bitmapIn(this.lines, file, create), index: Number(match[1]) };
  }
}

const EMPTY = { has: () => false, add: () => false } as unknown as Bitmap;

function bitmapIn<K>(map: Map<K, Bitmap>, key: K, create: boolean): Bitmap {
  let bitmap = map.get(key);
  if (!bitmap) {
    if (!create) return EMPTY;
    bitmap = new Bitmap();
    map.set(key, bitmap);
  }
  return bitmap;
}

/** A growable set of small non-negative integers, one bit each. */
class Bitmap {
  private bits = new Uint8Array(1024);

  has(index: number): boolean {
    const byte = index >>> 3;
    return byte < this.bits.length && ((this.bits[byte] ?? 0) & (1 << (index & 7))) !== 0;
  }

  /** Returns false when `index` was there already. */
  add(index: number): boolean {
    const byte = index >>> 3;
    if (byte >= this.bits.length) {
      let length = this.bits.length;
      while (length <= byte) length *= 2;
      const next = new Uint8Array(length);
      next.set(this.bits);
      this.bits = next;
    }
    const mask = 1 << (index & 7);
    const value = this.bits[byte] ?? 0;
    if ((value & mask) !== 0) return false;
    this.bits[byte] = value | mask;
    return true;
  }
}
