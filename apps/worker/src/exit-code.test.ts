import { ConfigError, JobError, ManifestError, WORKER_EXIT, type JobSummary } from '@s3bulk/core';
import { describe, expect, it } from 'vitest';
import { exitCodeOfError, exitCodeOfSummary } from './exit-code.js';

const summary = (status: JobSummary['status'], failed = 0): JobSummary => ({
  jobId: 'j',
  status,
  total: 10,
  succeeded: 10 - failed,
  failed,
  durationMs: 1,
});

describe('worker: exit codes', () => {
  it.each([
    [summary('Complete'), WORKER_EXIT.ok],
    [summary('Complete', 2), WORKER_EXIT.tasksFailed],
    [summary('Failed', 6), WORKER_EXIT.jobFailed],
    [summary('Cancelled'), WORKER_EXIT.interrupted],
  ])('maps %o to %i', (s, code) => {
    expect(exitCodeOfSummary(s)).toBe(code);
  });

  it.each([
    [new ManifestError('bad', { source: 's3://b/k', line: 3 }), WORKER_EXIT.permanent],
    [new ConfigError('bad flag'), WORKER_EXIT.permanent],
    [new JobError('holds job x, not y', 'JobSpecMismatch'), WORKER_EXIT.permanent],
    [
      new JobError('cannot write', 'JobStoreWriteFailed', {
        cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      }),
      WORKER_EXIT.retryable,
    ],
    [
      Object.assign(new Error('slow down'), {
        name: 'SlowDown',
        $metadata: { httpStatusCode: 503 },
      }),
      WORKER_EXIT.retryable,
    ],
    [
      Object.assign(new Error('denied'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
      WORKER_EXIT.permanent,
    ],
  ])('maps %s', (error, code) => {
    expect(exitCodeOfError(error)).toBe(code);
  });
});
