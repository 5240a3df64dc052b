import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from './idle-watch.js';

describe('watchIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('ends a request idle for its limit, within a quarter more', () => {
    // Prepare
    const onIdle = vi.fn();
    watchIdle(200, onIdle);

    // Act
    vi.advanceTimersByTime(199);
    const before = onIdle.mock.calls.length;
    vi.advanceTimersByTime(51);

    // Assess
    expect(before).toBe(0);
    expect(onIdle).toHaveBeenCalledOnce();
  });

  it('starts the idle time again when the answer moves', () => {
    // Prepare
    const onIdle = vi.fn();
    const watch = watchIdle(200, onIdle);

    // Act
    for (let step = 0; step < 10; step += 1) {
      vi.advanceTimersByTime(150);
      watch.touch();
    }
    const whileMoving = onIdle.mock.calls.length;
    vi.advanceTimersByTime(250);

    // Assess
    expect(whileMoving).toBe(0);
    expect(onIdle).toHaveBeenCalledOnce();
  });

  it('never ends a request that settled, and stops its timer with the last one', () => {
    // Prepare
    const onIdle = vi.fn();
    const watch = watchIdle(100, onIdle);

    // Act
    watch.done();
    vi.advanceTimersByTime(1000);

    // Assess
    expect(onIdle).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps each limit when a shorter one joins a longer one', () => {
    // Prepare
    const long = vi.fn();
    const short = vi.fn();
    watchIdle(10_000, long);
    watchIdle(100, short);

    // Act
    vi.advanceTimersByTime(200);
    const shortEnded = short.mock.calls.length;
    const longEnded = long.mock.calls.length;
    vi.advanceTimersByTime(10_000);

    // Assess
    expect([shortEnded, longEnded]).toEqual([1, 0]);
    expect(long).toHaveBeenCalledOnce();
    expect(vi.getTimerCount()).toBe(0);
  });
});
