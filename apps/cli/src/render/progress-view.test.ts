import { Writable } from 'node:stream';
import type { JobEvent } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { createProgressView, progressModeFor } from './progress-view.js';

/** A stream that keeps what is written; a terminal when `tty` is set. */
function captureStream(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 120, rows: 40 });
  return { stream, text: () => chunks.join('') };
}

const progress = (succeeded: number, failed: number, total?: number): JobEvent => ({
  type: 'progress',
  counters: {
    succeeded,
    failed,
    inFlight: 4,
    bytes: 3 * 1024 * 1024,
    retries: 0,
    concurrency: 4,
    ...(total !== undefined ? { total } : {}),
  },
  elapsedMs: 10_000,
});

describe('render: progress view', () => {
  it.each([
    [{ json: true, tty: true }, 'none'],
    [{ json: false, tty: true }, 'bar'],
    [{ json: false, tty: false }, 'lines'],
  ])('%j shows %s', (options, mode) => {
    expect(progressModeFor(options)).toBe(mode);
  });

  it('in logs, writes status changes once the job runs, throttling and a progress line at most once a period', () => {
    // Prepare
    const { stream, text } = captureStream(false);
    const view = createProgressView('lines', stream, 60_000);

    // Act
    view.onEvent({ type: 'status', status: 'New' });
    view.onEvent({ type: 'status', status: 'Preparing' });
    view.onEvent({ type: 'status', status: 'Active' });
    view.onEvent(progress(90, 10, 1000));
    view.onEvent(progress(190, 10, 1000));
    view.onEvent({ type: 'throttled', concurrency: 32 });
    view.stop();

    // Assess
    expect(text().split('\n')).toEqual([
      'status: Active',
      '[10s] 100/1000 tasks (10%), 10 failed, 3.0 MiB, 10.0 tasks/s, ETA 1m30s',
      'throttled: concurrency lowered to 32',
      '',
    ]);
  });

  it('on a terminal, draws a bar with tasks, rate, bytes, ETA and failures', () => {
    // Prepare
    const { stream, text } = captureStream(true);
    const view = createProgressView('bar', stream);

    // Act
    view.onEvent({ type: 'status', status: 'Active' });
    view.onEvent(progress(240, 10, 1000));
    view.stop();

    // Assess
    const drawn = text();
    expect(drawn).toContain('25% | 250/1000 tasks | 25.0/s | 3.0 MiB | ETA 30s | 10 failed');
    expect(drawn).not.toContain('status:');
  });

  it('with --json, writes nothing', () => {
    // Prepare
    const { stream, text } = captureStream(true);
    const view = createProgressView('none', stream);

    // Act
    view.onEvent({ type: 'status', status: 'Active' });
    view.onEvent(progress(1, 0, 2));
    view.stop();

    // Assess
    expect(text()).toBe('');
  });
});
