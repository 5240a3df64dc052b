import cliProgress from 'cli-progress';
import type { JobEvent } from '@s3bulk/core';
import { formatBytes } from '../job/byte-size.js';
import { describeProgress, formatSeconds, progressStats } from './progress-stats.js';

/** How `s3bulk run` shows a job while it runs. */
export interface ProgressView {
  onEvent(event: JobEvent): void;
  /** Clear or finish the live output before the summary is printed. */
  stop(): void;
}

export type ProgressMode = 'bar' | 'lines' | 'none';

/** A live bar on a terminal, a line every few seconds in logs, nothing with `--json`. */
export function progressModeFor(options: { json: boolean; tty: boolean }): ProgressMode {
  if (options.json) return 'none';
  return options.tty ? 'bar' : 'lines';
}

export function createProgressView(
  mode: ProgressMode,
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): ProgressView {
  if (mode === 'bar') return new BarView(stream);
  if (mode === 'lines') return new LineView(stream, intervalMs);
  return { onEvent: () => undefined, stop: () => undefined };
}

/** cli-progress bar: objects/s, bytes, ETA and failures, redrawn in place. */
class BarView implements ProgressView {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          '{bar} {percent} | {done}{ofTotal} tasks | {rate}/s{bytes} | ETA {etaText} | {failed} failed',
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  onEvent(event: JobEvent): void {
    if (event.type !== 'progress') return;
    const stats = progressStats(event.counters, event.elapsedMs, event.doneBefore);
    const payload = {
      done: stats.done,
      ofTotal: stats.total === undefined ? '' : `/${stats.total}`,
      percent: stats.total ? `${Math.floor((stats.done * 100) / stats.total)}%` : '--%',
      rate: stats.rate.toFixed(1),
      bytes: stats.bytes === undefined ? '' : ` | ${formatBytes(stats.bytes)}`,
      etaText: formatSeconds(stats.etaSeconds),
      failed: stats.failed,
    };
    // Until the manifest is counted the bar has no end: show it empty rather than guess.
    const total = Math.max(stats.total ?? 0, stats.done, 1);
    if (!this.started) {
      this.bar.start(total, stats.done, payload);
      this.started = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(stats.done, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

/** For logs and CI: one plain line every `intervalMs`, and each status change. */
class LineView implements ProgressView {
  private lastLine = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs: number,
  ) {}

  onEvent(event: JobEvent): void {
    if (event.type === 'status') {
      // Every job starts New, then Preparing (which bad input ends before anything ran): the
      // states after those are worth a line in a log.
      if (event.status !== 'New' && event.status !== 'Preparing') {
        this.stream.write(`status: ${event.status}\n`);
      }
    } else if (event.type === 'throttled') {
      this.stream.write(`throttled: concurrency lowered to ${event.concurrency}\n`);
    } else if (event.type === 'progress') {
      const now = Date.now();
      if (now - this.lastLine < this.intervalMs) return;
      this.lastLine = now;
      const stats = progressStats(event.counters, event.elapsedMs, event.doneBefore);
      this.stream.write(`[${formatSeconds(event.elapsedMs / 1000)}] ${describeProgress(stats)}\n`);
    }
  }

  stop(): void {}
}
