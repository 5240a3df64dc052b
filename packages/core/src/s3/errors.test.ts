import { describe, expect, it } from 'vitest';
import { TaskFailure } from '../errors.js';
import { classifyError } from './errors.js';

function sdkError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} happened`), {
    name,
    $metadata: { httpStatusCode: status },
  });
}

describe('s3: error classification', () => {
  it.each([
    ['SlowDown', 503, { temporary: true, throttled: true }],
    ['InternalError', 500, { temporary: true, throttled: false }],
    ['NoSuchKey', 404, { temporary: false, throttled: false }],
    ['AccessDenied', 403, { temporary: false, throttled: false }],
    ['InvalidObjectState', 403, { temporary: false, throttled: false }],
  ])('%s (%i)', (name, status, expected) => {
    // Act
    const c = classifyError(sdkError(name, status));

    // Assess
    expect(c).toMatchObject({ ...expected, code: name, httpStatus: status });
  });

  it('treats connection resets as temporary', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(reset)).toMatchObject({ temporary: true, code: 'ECONNRESET' });
  });

  it('keeps a TaskFailure as the operation classified it', () => {
    const failure = new TaskFailure('not archived', 'InvalidObjectState', {
      temporary: false,
      httpStatus: 403,
    });
    expect(classifyError(failure)).toMatchObject({
      temporary: false,
      code: 'InvalidObjectState',
      httpStatus: 403,
    });
  });
});
