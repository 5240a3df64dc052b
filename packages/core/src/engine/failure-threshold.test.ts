import { describe, expect, it } from 'vitest';
import { failureThresholdExceeded } from './failure-threshold.js';

describe('engine: failure threshold', () => {
  it.each([
    { succeeded: 0, failed: 999, exceeded: false, why: 'fewer than minTasks ran' },
    { succeeded: 500, failed: 500, exceeded: false, why: 'exactly half is not more than half' },
    { succeeded: 499, failed: 501, exceeded: true, why: 'more than half of 1,000 failed' },
    { succeeded: 0, failed: 1000, exceeded: true, why: 'all failed' },
    { succeeded: 10_000, failed: 1000, exceeded: false, why: 'a small share failed' },
  ])('$why', ({ succeeded, failed, exceeded }) => {
    // Act
    const result = failureThresholdExceeded(succeeded, failed, { minTasks: 1000, ratio: 0.5 });

    // Assess
    expect(result).toBe(exceeded);
  });
});
