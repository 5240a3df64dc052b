import type { TaskResult } from '../engine/types.js';
import { usualReason } from '../operations/sync-message.js';
import { unquotedEtag } from './result-record.js';
import type { TaskEffect } from '../operations/types.js';

/**
 * Where a prefix row's tasks read and write: source bucket and prefix (`sb`, `sp`; unknown while
 * the row has shown only deletes), destination bucket and prefix (`db`, `dp`).
 */
export interface RowContext {
  readonly sb?: string;
  readonly sp?: string;
  readonly db: string;
  readonly dp: string;
}

/**
 * A prefix row's successful sync task as the ledger keeps it: what only the run knows, about 70
 * bytes instead of 180. `i` and `q` are the task id (`<row>:<key>`) and seq; `d:1` marks a
 * delete; `r` is the reason when not the action's usual one; `n` and `g` are a copy's bytes and
 * new ETag (its quotes left out); `a` the attempts when more than 1. Bucket, key and the
 * effect (the ResultMessage is worded from it where it is read) come back from the key and the
 * row's context `c`, which the first line of each row a store writes carries.
 */
export interface SyncResultLine {
  readonly i: string;
  readonly q: number;
  readonly d?: 1;
  readonly r?: string;
  readonly n?: number;
  readonly g?: string;
  readonly a?: number;
  readonly c?: RowContext;
}

/** A task id's row and key (`<row>:<key>`), or undefined when it is not a prefix row's task. */
export function rowAndKeyOf(taskId: string): { row: string; key: string } | undefined {
  const colon = taskId.indexOf(':');
  return colon < 1 ? undefined : { row: taskId.slice(0, colon), key: taskId.slice(colon + 1) };
}

/**
 * `result` in the short form with the context it needs, or undefined when it is not a plain sync
 * copy or delete of a prefix row. Read from the facts the operation returned (`effect`): nothing
 * is parsed, and the line reads back the same result.
 */
export function syncLineOf(
  result: TaskResult,
): { line: SyncResultLine; row: string; context: RowContext } | undefined {
  const { seq, effect } = result;
  if (effect === undefined || seq === undefined || effect.reason === undefined) return undefined;
  if (result.status !== 'succeeded' || result.httpStatus !== 200) return undefined;
  if (result.versionId !== undefined || effect.target.versionId !== undefined) return undefined;
  const id = rowAndKeyOf(result.taskId);
  if (!id) return undefined;
  const dp = prefixOf(effect.target.key, id.key);
  if (dp === undefined) return undefined;
  // Field by field, in the order written: this runs once per task.
  const line: { -readonly [K in keyof SyncResultLine]: SyncResultLine[K] } = {
    i: result.taskId,
    q: seq,
  };
  let context: RowContext;
  if (effect.action === 'delete') {
    if (result.bytes !== undefined || result.bucket !== effect.target.bucket) return undefined;
    if (result.key !== effect.target.key) return undefined;
    line.d = 1;
    if (effect.reason !== usualReason('delete')) line.r = effect.reason;
    context = { db: effect.target.bucket, dp };
  } else {
    const etag = effect.etag !== undefined ? unquotedEtag(effect.etag) : undefined;
    if (effect.via !== undefined || result.bytes !== effect.size) return undefined;
    if (etag === undefined) return undefined;
    const sp = prefixOf(result.key, id.key);
    if (sp === undefined) return undefined;
    if (effect.reason !== usualReason('copy')) line.r = effect.reason;
    if (effect.size !== undefined) line.n = effect.size;
    line.g = etag;
    context = { sb: result.bucket, sp, db: effect.target.bucket, dp };
  }
  if (result.attempts !== 1) line.a = result.attempts;
  return { line, row: id.row, context };
}

/** The result a short line stands for, or undefined when `context` lacks what it needs. */
export function resultOfSyncLine(
  line: SyncResultLine,
  context: RowContext,
): TaskResult | undefined {
  const id = rowAndKeyOf(line.i);
  if (!id) return undefined;
  const target = { bucket: context.db, key: context.dp + id.key };
  if (line.d === 1) {
    const effect: TaskEffect = {
      action: 'delete',
      target,
      reason: line.r ?? usualReason('delete'),
    };
    return {
      taskId: line.i,
      seq: line.q,
      bucket: target.bucket,
      key: target.key,
      status: 'succeeded',
      httpStatus: 200,
      effect,
      attempts: line.a ?? 1,
    };
  }
  if (context.sb === undefined || context.sp === undefined || line.g === undefined) {
    return undefined;
  }
  const effect: TaskEffect = {
    action: 'copy',
    target,
    ...(line.n !== undefined ? { size: line.n } : {}),
    etag: `"${line.g}"`,
    reason: line.r ?? usualReason('copy'),
  };
  return {
    taskId: line.i,
    seq: line.q,
    bucket: context.sb,
    key: context.sp + id.key,
    status: 'succeeded',
    httpStatus: 200,
    effect,
    ...(line.n !== undefined ? { bytes: line.n } : {}),
    attempts: line.a ?? 1,
  };
}

/** A parsed JSON value if it is a short sync line (the right types), else undefined. */
export function decodeSyncLine(value: Record<string, unknown>): SyncResultLine | undefined {
  const { i, q, d, r, n, g, a, c } = value;
  if (typeof i !== 'string' || typeof q !== 'number' || value.b !== undefined) return undefined;
  if ((d !== undefined && d !== 1) || (r !== undefined && typeof r !== 'string')) return undefined;
  if ((n !== undefined && typeof n !== 'number') || (g !== undefined && typeof g !== 'string')) {
    return undefined;
  }
  if ((a !== undefined && typeof a !== 'number') || (c !== undefined && !isContext(c))) {
    return undefined;
  }
  return value as unknown as SyncResultLine;
}

function isContext(value: unknown): value is RowContext {
  if (typeof value !== 'object' || value === null) return false;
  const { sb, sp, db, dp } = value as Record<string, unknown>;
  const optional = (field: unknown) => field === undefined || typeof field === 'string';
  return typeof db === 'string' && typeof dp === 'string' && optional(sb) && optional(sp);
}

/** What `key` holds before `rowKey`, or undefined when it does not end with it. */
function prefixOf(key: string, rowKey: string): string | undefined {
  return key.endsWith(rowKey) ? key.slice(0, key.length - rowKey.length) : undefined;
}
