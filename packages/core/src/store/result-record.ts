import type { TaskResult } from '../engine/types.js';
import { effectMessage } from '../operations/sync-message.js';
import type { TaskEffect } from '../operations/types.js';

/**
 * A ledger line as written: a `TaskResult` with one-letter names and its usual values left out
 * (about 40% shorter, which at 10 million tasks is gigabytes of job folder): `i` task id, `q`
 * seq, `b` bucket, `k` key, `v` version id, `f` 1 when failed, `e` error code, `h` HTTP status
 * (left out when 200 on success), `m` message (left out when `Successful`), `n` bytes, `a`
 * attempts (left out when 1). A copy or delete keeps its facts instead of the message they word:
 * `t` the target's bucket (it marks them), `p` what the target key adds before `k` (or `u` the
 * whole target key when it does not end with `k`; neither when it is `k`), `d` 1 for a delete,
 * `w` how (`m` multipart, `s` stream), `x` parts, `g` the new ETag without its quotes, `r` the
 * reason; a copy's size is `n`.
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
  readonly t?: string;
  readonly p?: string;
  readonly u?: string;
  readonly d?: 1;
  readonly w?: 'm' | 's';
  readonly x?: number;
  readonly g?: string;
  readonly r?: string;
}

type Draft = { -readonly [K in keyof ResultLine]: ResultLine[K] };

const SUCCESSFUL = 'Successful';

export function encodeResult(result: TaskResult): ResultLine {
  // Field by field, not spreads of partial objects: this runs once per task.
  const failed = result.status === 'failed';
  const line = { i: result.taskId } as Draft;
  if (result.seq !== undefined) line.q = result.seq;
  line.b = result.bucket;
  line.k = result.key;
  if (result.versionId !== undefined) line.v = result.versionId;
  if (failed) line.f = 1;
  if (result.errorCode !== undefined) line.e = result.errorCode;
  if (result.httpStatus !== undefined && (failed || result.httpStatus !== 200)) {
    line.h = result.httpStatus;
  }
  const { message, effect } = result;
  if (message !== undefined) {
    if (failed || message !== SUCCESSFUL) line.m = message;
  } else if (effect !== undefined && !addEffect(line, effect, result)) {
    // A shape the short fields do not cover (a target version, an unquoted ETag): its words.
    line.m = effectMessage(effect);
  }
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
    ...(typeof line.t === 'string'
      ? { effect: effectOf(line, line.t) }
      : { message: typeof line.m === 'string' ? line.m : failed ? '' : SUCCESSFUL }),
    ...(typeof line.n === 'number' ? { bytes: line.n } : {}),
    attempts: typeof line.a === 'number' ? line.a : 1,
  };
}

/**
 * An ETag as S3 gives it (`"..."`) without its quotes, which a line leaves out (`g`) and puts
 * back on read; undefined for an ETag in any other form, which a line cannot say that way.
 */
export function unquotedEtag(etag: string): string | undefined {
  return etag.length >= 2 && etag[0] === '"' && etag.at(-1) === '"' ? etag.slice(1, -1) : undefined;
}

/** Writes `effect` into `line` as its short fields; false when they cannot say all of it. */
function addEffect(line: Draft, effect: TaskEffect, result: TaskResult): boolean {
  const { target } = effect;
  if (target.versionId !== undefined) return false;
  const etag =
    effect.action === 'copy' && effect.etag !== undefined ? unquotedEtag(effect.etag) : undefined;
  if (effect.action === 'copy') {
    if (effect.size !== result.bytes) return false;
    if (effect.etag !== undefined && etag === undefined) return false;
  }
  line.t = target.bucket;
  const { key } = result;
  if (target.key !== key) {
    if (target.key.length > key.length && target.key.endsWith(key)) {
      line.p = target.key.slice(0, target.key.length - key.length);
    } else {
      line.u = target.key;
    }
  }
  if (effect.action === 'delete') {
    line.d = 1;
  } else {
    if (effect.via !== undefined) line.w = effect.via === 'multipart' ? 'm' : 's';
    if (effect.parts !== undefined) line.x = effect.parts;
    if (etag !== undefined) line.g = etag;
  }
  if (effect.reason !== undefined) line.r = effect.reason;
  return true;
}

/** The facts a line's short fields keep (`t` is the target's bucket). */
function effectOf(line: Partial<ResultLine>, bucket: string): TaskEffect {
  const key =
    typeof line.u === 'string' ? line.u : typeof line.p === 'string' ? line.p + line.k : line.k!;
  const target = { bucket, key };
  const reason = typeof line.r === 'string' ? { reason: line.r } : {};
  if (line.d === 1) return { action: 'delete', target, ...reason };
  return {
    action: 'copy',
    target,
    ...(line.w === 'm' ? { via: 'multipart' } : line.w === 's' ? { via: 'stream' } : {}),
    ...(typeof line.x === 'number' ? { parts: line.x } : {}),
    ...(typeof line.n === 'number' ? { size: line.n } : {}),
    ...(typeof line.g === 'string' ? { etag: `"${line.g}"` } : {}),
    ...reason,
  };
}
