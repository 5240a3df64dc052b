import type { JobCounters } from '@s3bulk/core';
import { formatBytes } from '../job/byte-size.js';

/** What every progress view shows, computed once from the engine's counters. */
export interface ProgressStats {
  readonly done: number;
  readonly total: number | undefined;
  readonly failed: number;
  /**
   * Bytes of the objects done, when known (a listing, a HEAD or the answer said); undefined when
   * no task knew its size (server-side copies from a CSV manifest), rather than a false `0 B`.
   */
  readonly bytes: number | undefined;
  /** Tasks finished per second by this run (a resume does not count what earlier runs did). */
  readonly rate: number;
  /** Seconds left at the current rate; undefined until the total and a rate are known. */
  readonly etaSeconds: number | undefined;
  readonly inFlight: number;
  readonly concurrency: number;
}

export function progressStats(
  counters: JobCounters,
  elapsedMs: number,
  doneBefore = 0,
): ProgressStats {
  const done = counters.succeeded + counters.failed;
  const rate = elapsedMs > 0 ? (Math.max(0, done - doneBefore) * 1000) / elapsedMs : 0;
  const total = counters.total;
  const etaSeconds =
    total !== undefined && rate > 0 ? Math.max(0, (total - done) / rate) : undefined;
  return {
    done,
    total,
    failed: counters.failed,
    bytes: counters.bytes > 0 ? counters.bytes : undefined,
    rate,
    etaSeconds,
    inFlight: counters.inFlight,
    concurrency: counters.concurrency,
  };
}

/** `1h02m`, `3m05s`, `12s`: short durations for progress lines. */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `340/1000 tasks (34%), 2 failed, 12.0 MiB, 28.3 tasks/s, ETA 24s`. */
export function describeProgress(stats: ProgressStats): string {
  const of =
    stats.total === undefined
      ? `${stats.done} tasks`
      : `${stats.done}/${stats.total} tasks (${percent(stats.done, stats.total)}%)`;
  return [
    of,
    `${stats.failed} failed`,
    ...(stats.bytes === undefined ? [] : [formatBytes(stats.bytes)]),
    `${stats.rate.toFixed(1)} tasks/s`,
    `ETA ${formatSeconds(stats.etaSeconds)}`,
  ].join(', ');
}

function percent(done: number, total: number): number {
  return total > 0 ? Math.floor((done * 100) / total) : 100;
}
