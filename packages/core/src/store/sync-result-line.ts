import type { TaskResult } from '../engine/types.js';
import {
  copiedMessage,
  deletedMessage,
  reasonSuffix,
  SYNC_REASONS,
  usualReason,
} from '../operations/sync-message.js';
import { formatS3Url } from '../s3/url.js';

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
 * new ETag (its quotes left out); `a` the attempts when more than 1. Bucket, key and
 * ResultMessage are rebuilt from the key and the row's context `c`, which the first line of each
 * row a store writes carries.
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
 * `result` in the short form with the context it needs, or undefined when it is not a plain
 * sync copy or delete. The parts are read out of its message and the message rebuilt from them:
 * only a result that reads back exactly the same is kept short, so the report is unchanged.
 */
export function syncLineOf(
  result: TaskResult,
): { line: SyncResultLine; row: string; context: RowContext } | undefined {
  const { seq, bucket, key, message } = result;
  if (seq === undefined || result.status !== 'succeeded' || result.httpStatus !== 200) {
    return undefined;
  }
  if (result.versionId !== undefined || result.errorCode !== undefined) return undefined;
  const id = rowAndKeyOf(result.taskId);
  if (!id || !key.endsWith(id.key)) return undefined;
  const prefix = key.slice(0, key.length - id.key.length);
  const parts = message.startsWith('deleted ')
    ? deleteParts(result, id.key, prefix)
    : copyParts(result, id.key, prefix);
  if (!parts) return undefined;
  // Field by field, in the order written: this runs once per task.
  const line: { -readonly [K in keyof SyncResultLine]: SyncResultLine[K] } = {
    i: result.taskId,
    q: seq,
  };
  if (parts.action === 'delete') line.d = 1;
  if (parts.reason !== usualReason(parts.action)) line.r = parts.reason;
  if (parts.action === 'copy') {
    line.n = result.bytes;
    line.g = parts.etag;
  }
  if (result.attempts !== 1) line.a = result.attempts;
  const read = resultOfSyncLine(line, parts.context);
  if (!read || read.message !== message || read.bucket !== bucket || read.key !== key) {
    return undefined;
  }
  return { line, row: id.row, context: parts.context };
}

/** The result a short line stands for, or undefined when `context` lacks what it needs. */
export function resultOfSyncLine(
  line: SyncResultLine,
  context: RowContext,
): TaskResult | undefined {
  const id = rowAndKeyOf(line.i);
  if (!id) return undefined;
  const target = context.dp + id.key;
  if (line.d === 1) {
    return {
      taskId: line.i,
      seq: line.q,
      bucket: context.db,
      key: target,
      status: 'succeeded',
      httpStatus: 200,
      message: deletedMessage(context.db, target, line.r ?? usualReason('delete')),
      attempts: line.a ?? 1,
    };
  }
  if (context.sb === undefined || context.sp === undefined || line.g === undefined) {
    return undefined;
  }
  const reason = reasonSuffix(line.r ?? usualReason('copy'));
  return {
    taskId: line.i,
    seq: line.q,
    bucket: context.sb,
    key: context.sp + id.key,
    status: 'succeeded',
    httpStatus: 200,
    message: `${copiedMessage(context.db, target, line.n, `"${line.g}"`)}${reason}`,
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

type Parts = {
  readonly action: 'copy' | 'delete';
  readonly reason: string;
  readonly context: RowContext;
  readonly etag?: string;
};

function copyParts(result: TaskResult, key: string, prefix: string): Parts | undefined {
  const { message, bytes } = result;
  const head = 'copied to s3://';
  if (bytes === undefined || !message.startsWith(head)) return undefined;
  const slash = message.indexOf('/', head.length);
  if (slash === -1) return undefined;
  const marker = `${key} (${bytes} bytes, etag "`;
  const at = message.indexOf(marker, slash + 1);
  if (at === -1) return undefined;
  const etagStart = at + marker.length;
  const etagEnd = message.indexOf('")', etagStart);
  if (etagEnd === -1) return undefined;
  const reason = reasonOf(message.slice(etagEnd + 2));
  if (reason === undefined) return undefined;
  const context = {
    sb: result.bucket,
    sp: prefix,
    db: message.slice(head.length, slash),
    dp: message.slice(slash + 1, at),
  };
  return { action: 'copy', reason, context, etag: message.slice(etagStart, etagEnd) };
}

function deleteParts(result: TaskResult, key: string, prefix: string): Parts | undefined {
  if (result.bytes !== undefined) return undefined;
  const head = `deleted ${formatS3Url(result.bucket, result.key)}`;
  const reason = reasonOf(result.message.slice(head.length));
  if (reason === undefined) return undefined;
  return { action: 'delete', reason, context: { db: result.bucket, dp: prefix } };
}

/** The reason whose `reasonSuffix` is `suffix` (a code `SYNC_REASONS` lacks is said as is). */
function reasonOf(suffix: string): string | undefined {
  if (!suffix.startsWith('; ')) return undefined;
  const said = suffix.slice(2);
  for (const [code, phrase] of Object.entries(SYNC_REASONS)) if (phrase === said) return code;
  return said;
}
