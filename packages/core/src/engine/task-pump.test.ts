import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_SETTINGS } from '../config/defaults.js';
import { validateEngineSettings } from './engine-settings.js';
import { pumpTasks } from './task-pump.js';

async function* numbers(count: number, closed: { value: boolean }): AsyncGenerator<number> {
  try {
    for (let i = 1; i <= count; i++) yield i;
  } finally {
    closed.value = true;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('engine: task pump', () => {
  it('hands every item to exactly one worker, never more than `concurrency` at once', async () => {
    // Prepare
    const closed = { value: false };
    const seen: number[] = [];
    let active = 0;
    let most = 0;

    // Act
    await pumpTasks(numbers(200, closed), {
      concurrency: 7,
      stop: new AbortController().signal,
      onError: () => undefined,
      handle: async (n) => {
        most = Math.max(most, ++active);
        await tick();
        seen.push(n);
        active--;
      },
    });

    // Assess
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(most).toBe(7);
    expect(closed.value).toBe(true);
  });

  it('takes no new item once stopped, and finishes the ones under way', async () => {
    // Prepare
    const closed = { value: false };
    const stop = new AbortController();
    const finished: number[] = [];

    // Act
    await pumpTasks(numbers(1000, closed), {
      concurrency: 4,
      stop: stop.signal,
      onError: () => undefined,
      handle: async (n) => {
        if (n === 10) stop.abort();
        await tick();
        finished.push(n);
      },
    });

    // Assess
    expect(finished).toContain(10);
    expect(finished.length).toBeLessThan(20);
    expect(closed.value).toBe(true);
  });

  it('stops on the first error and rethrows it', async () => {
    // Prepare
    const closed = { value: false };
    const stop = new AbortController();
    let errors = 0;

    // Act
    const pumping = pumpTasks(numbers(1000, closed), {
      concurrency: 4,
      stop: stop.signal,
      onError: () => {
        errors++;
        stop.abort();
      },
      handle: async (n) => {
        await tick();
        if (n >= 5) throw new Error(`broken ${n}`);
      },
    });

    // Assess
    await expect(pumping).rejects.toThrow(/broken/);
    expect(errors).toBe(1);
    expect(closed.value).toBe(true);
  });
});

describe('engine: settings', () => {
  it.each([
    [{ concurrency: 0 }, /concurrency must be a positive integer/],
    [{ minConcurrency: 1.5 }, /minConcurrency/],
    [{ maxAttempts: 0 }, /maxAttempts/],
    [{ baseDelayMs: 500, maxDelayMs: 100 }, /baseDelayMs <= maxDelayMs/],
    [{ failureThreshold: { minTasks: 10, ratio: 2 } }, /failureThreshold/],
    [{ attemptTimeoutMs: 0 }, /attemptTimeoutMs/],
  ])('refuses %j', (override, message) => {
    expect(() => validateEngineSettings({ ...DEFAULT_ENGINE_SETTINGS, ...override })).toThrow(
      message,
    );
  });

  it('accepts the defaults', () => {
    expect(validateEngineSettings(DEFAULT_ENGINE_SETTINGS)).toBe(DEFAULT_ENGINE_SETTINGS);
  });
});
