import type { TaskResult } from '../engine/types.js';

/**
 * A ledger line as written: a `TaskResult` with one-letter names and its usual values left out
 * (about 40% shorter, which at 10 million tasks is gigabytes of job folder): `i` task id, `q`
 * seq, `b` bucket, `k` key, `v` version id, `f` 1 when failed, `e` error code, `h` HTTP status
 * (left out when 200 on success), `m` message (left out when `Successful`), `n` bytes, `a`
 * attempts (left out when 1).
 */
export interface ResultLine {
  readonly i: string;
  readonly q?: number;
  readonly b: string;
  readonly k: string;
  readonly v?: string;
  readonly f?: 1;
  readonly e?: string;
  readonly h?: number;
  readonly m?: string;
  readonly n?: number;
  readonly a?: number;
}

const SUCCESSFUL = 'Successful';

export function encodeResult(result: TaskResult): ResultLine {
  // Field by field, not spreads of partial objects: this runs once per task.
  const failed = result.status === 'failed';
  const line = { i: result.taskId } as { -readonly [K in keyof ResultLine]: ResultLine[K] };
  if (result.seq !== undefined) line.q = result.seq;
  line.b = result.bucket;
  line.k = result.key;
  if (result.versionId !== undefined) line.v = result.versionId;
  if (failed) line.f = 1;
  if (result.errorCode !== undefined) line.e = result.errorCode;
  if (result.httpStatus !== undefined && (failed || result.httpStatus !== 200)) {
    line.h = result.httpStatus;
  }
  if (failed || result.message !== SUCCESSFUL) line.m = result.message;
  if (result.bytes !== undefined) line.n = result.bytes;
  if (result.attempts !== 1) line.a = result.attempts;
  return line;
}

/** A ledger line read back: the short form, or a whole `TaskResult` (ledgers written before). */
export function decodeResult(value: unknown): TaskResult | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as Partial<ResultLine> & Partial<TaskResult>;
  if (typeof line.taskId === 'string') return line as TaskResult;
  if (typeof line.i !== 'string' || typeof line.b !== 'string' || typeof line.k !== 'string') {
    return undefined;
  }
  const failed = line.f === 1;
  return {
    taskId: line.i,
    ...(typeof line.q === 'number' ? { seq: line.q } : {}),
    bucket: line.b,
    key: line.k,
    ...(typeof line.v === 'string' ? { versionId: line.v } : {}),
    status: failed ? 'failed' : 'succeeded',
    ...(typeof line.e === 'string' ? { errorCode: line.e } : {}),
    ...(typeof line.h === 'number' ? { httpStatus: line.h } : failed ? {} : { httpStatus: 200 }),
    message: typeof line.m === 'string' ? line.m : failed ? '' : SUCCESSFUL,
    ...(typeof line.n === 'number' ? { bytes: line.n } : {}),
    attempts: typeof line.a === 'number' ? line.a : 1,
  };
}
