import type { JobSummary } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../exit-codes.js';
import { exitCodeOf } from './exit-code.js';

const base: JobSummary = {
  jobId: 'j',
  status: 'Complete',
  total: 10,
  succeeded: 10,
  failed: 0,
  durationMs: 1,
};

describe('job: exit codes', () => {
  it.each([
    ['every task succeeded', base, false, EXIT.ok],
    ['some tasks failed', { ...base, succeeded: 9, failed: 1 }, false, EXIT.tasksFailed],
    [
      'the threshold was crossed',
      { ...base, status: 'Failed' as const, failed: 6 },
      false,
      EXIT.jobFailed,
    ],
    [
      'Ctrl-C stopped it',
      { ...base, status: 'Cancelled' as const, succeeded: 3 },
      true,
      EXIT.interrupted,
    ],
    ['Ctrl-C came as it completed', base, true, EXIT.ok],
  ])('%s', (_, summary, interrupted, code) => {
    expect(exitCodeOf(summary, interrupted)).toBe(code);
  });
});
