import type { TaskResult } from '../engine/types.js';
import { decodeResult, encodeResult } from './result-record.js';
import {
  decodeSyncLine,
  resultOfSyncLine,
  rowAndKeyOf,
  syncLineOf,
  type RowContext,
} from './sync-result-line.js';

/**
 * Writes a store's ledger lines: a prefix row's plain sync results in the short form of
 * `SyncResultLine` (the row's context on its first line this store writes), every other result
 * as `encodeResult` does. Only a context whose batch is durable counts as written (`commit`), so
 * a failed append is followed by a line that carries it again.
 */
export class LedgerLines {
  private readonly written = new Map<string, RowContext>();

  /** The lines of `results`; call `commit` once they are durable. */
  encode(results: readonly TaskResult[]): { lines: object[]; commit: () => void } {
    const carried = new Map<string, RowContext>();
    const lines = results.map((result): object => {
      const short = syncLineOf(result);
      if (!short) return encodeResult(result);
      const known = carried.get(short.row) ?? this.written.get(short.row);
      if (known && covers(known, short.context)) return short.line;
      // A context that changes (a delete's, then a copy's) is read from where it is given on.
      carried.set(short.row, short.context);
      return { ...short.line, c: short.context };
    });
    return {
      lines,
      commit: () => {
        for (const [row, context] of carried) this.written.set(row, context);
      },
    };
  }
}

/**
 * A decoder of one read of a ledger, from its first line on: a short line is read with the
 * context its row's lines carried last. Returns undefined for a line that is not a result (or
 * a short line whose row context never came): corruption.
 */
export function ledgerLineDecoder(): (value: unknown) => TaskResult | undefined {
  const contexts = new Map<string, RowContext>();
  return (value) => {
    const long = decodeResult(value);
    if (long || typeof value !== 'object' || value === null) return long;
    const line = decodeSyncLine(value as Record<string, unknown>);
    const row = line && rowAndKeyOf(line.i)?.row;
    if (!line || row === undefined) return undefined;
    if (line.c) contexts.set(row, line.c);
    const context = contexts.get(row);
    return context && resultOfSyncLine(line, context);
  };
}

/** Whether `known` says everything `needed` says (a delete needs no source side). */
function covers(known: RowContext, needed: RowContext): boolean {
  if (known.db !== needed.db || known.dp !== needed.dp) return false;
  return needed.sb === undefined || (known.sb === needed.sb && known.sp === needed.sp);
}
