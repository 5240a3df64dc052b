import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from './adaptive-limiter.js';

describe('engine: adaptive limiter (AIMD)', () => {
  it('halves on throttling, at most once per window, never below min', () => {
    // Prepare
    let now = 0;
    const limiter = new AdaptiveLimiter({
      max: 64,
      min: 4,
      decreaseWindowMs: 1000,
      now: () => now,
    });

    // Act
    const first = limiter.recordThrottle();
    const sameWindow = limiter.recordThrottle();
    const afterFirst = limiter.limit;
    for (let i = 0; i < 10; i++) {
      now += 1000;
      limiter.recordThrottle();
    }

    // Assess
    expect(first).toBe(true);
    expect(sameWindow).toBe(false);
    expect(afterFirst).toBe(32);
    expect(limiter.limit).toBe(4);
  });

  it('adds one per round of successes, up to max', () => {
    // Prepare
    let now = 0;
    const limiter = new AdaptiveLimiter({ max: 8, min: 1, now: () => now });
    limiter.recordThrottle();
    now += 5000;
    limiter.recordThrottle();

    // Act
    const lowered = limiter.limit;
    for (let i = 0; i < 2; i++) limiter.recordSuccess();
    const afterOneRound = limiter.limit;
    for (let i = 0; i < 1000; i++) limiter.recordSuccess();

    // Assess
    expect(lowered).toBe(2);
    expect(afterOneRound).toBe(3);
    expect(limiter.limit).toBe(8);
  });

  it('hands out no more permits than the limit, in FIFO order', async () => {
    // Prepare
    const limiter = new AdaptiveLimiter({ max: 2 });
    const order: number[] = [];

    // Act
    await limiter.acquire();
    await limiter.acquire();
    const waiting = [3, 4].map((n) => limiter.acquire().then(() => order.push(n)));
    const heldWhileFull = limiter.active;
    limiter.release();
    limiter.release();
    await Promise.all(waiting);

    // Assess
    expect(heldWhileFull).toBe(2);
    expect(order).toEqual([3, 4]);
    expect(limiter.active).toBe(2);
  });

  it('gives up waiting when the signal aborts', async () => {
    // Prepare
    const limiter = new AdaptiveLimiter({ max: 1 });
    await limiter.acquire();
    const controller = new AbortController();

    // Act
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    const granted = await waiting;
    limiter.release();

    // Assess
    expect(granted).toBe(false);
    expect(limiter.active).toBe(0);
  });
});
