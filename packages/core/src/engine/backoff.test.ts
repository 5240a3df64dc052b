import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';

describe('engine: retry backoff', () => {
  it.each([
    { attempt: 1, ceiling: 100 },
    { attempt: 2, ceiling: 200 },
    { attempt: 4, ceiling: 800 },
    { attempt: 20, ceiling: 10_000 },
  ])(
    'retry $attempt waits a random time up to $ceiling ms (full jitter)',
    ({ attempt, ceiling }) => {
      // Act
      const lowest = retryDelayMs(attempt, 100, 10_000, () => 0);
      const highest = retryDelayMs(attempt, 100, 10_000, () => 0.999999);
      const middle = retryDelayMs(attempt, 100, 10_000, () => 0.5);

      // Assess
      expect(lowest).toBe(0);
      expect(highest).toBe(ceiling - 1);
      expect(middle).toBe(Math.floor(ceiling / 2));
    },
  );
});
