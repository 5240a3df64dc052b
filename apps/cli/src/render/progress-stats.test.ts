import { describe, expect, it } from 'vitest';
import { describeProgress, formatSeconds, progressStats } from './progress-stats.js';

const counters = {
  succeeded: 300,
  failed: 40,
  inFlight: 8,
  bytes: 12 * 1024 * 1024,
  retries: 2,
  concurrency: 8,
};

describe('render: progress', () => {
  it('computes rate and ETA from the counters', () => {
    // Act
    const stats = progressStats({ ...counters, total: 1000 }, 10_000);

    // Assess
    expect(stats).toMatchObject({ done: 340, total: 1000, failed: 40, rate: 34 });
    expect(stats.etaSeconds).toBeCloseTo(660 / 34);
    expect(describeProgress(stats)).toBe(
      '340/1000 tasks (34%), 40 failed, 12.0 MiB, 34.0 tasks/s, ETA 19s',
    );
  });

  it('has no ETA until the total is known', () => {
    const stats = progressStats(counters, 10_000);
    expect(stats.etaSeconds).toBeUndefined();
    expect(describeProgress(stats)).toBe('340 tasks, 40 failed, 12.0 MiB, 34.0 tasks/s, ETA ?');
  });

  it('counts only tasks done by this run in the rate after a resume', () => {
    // Prepare: 300 of the 340 results came from the run before the interruption.
    const resumed = { ...counters, total: 1000 };

    // Act
    const stats = progressStats(resumed, 10_000, 300);

    // Assess
    expect(stats).toMatchObject({ done: 340, rate: 4 });
    expect(stats.etaSeconds).toBeCloseTo(660 / 4);
  });

  it('leaves the bytes out when no task knew its size, rather than 0 B', () => {
    // Prepare: server-side copies from a CSV manifest
    const unsized = { ...counters, bytes: 0 };

    // Act
    const stats = progressStats(unsized, 10_000);

    // Assess
    expect(stats.bytes).toBeUndefined();
    expect(describeProgress(stats)).toBe('340 tasks, 40 failed, 34.0 tasks/s, ETA ?');
  });

  it.each([
    [undefined, '?'],
    [12.4, '12s'],
    [185, '3m05s'],
    [3720, '1h02m'],
  ])('formats %s seconds as %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
