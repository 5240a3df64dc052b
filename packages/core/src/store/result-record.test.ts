import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../engine/types.js';
import { decodeResult, encodeResult } from './result-record.js';

const succeeded: TaskResult = {
  taskId: '2:a/b.txt',
  seq: 41,
  bucket: 'src',
  key: 'in/a/b.txt',
  status: 'succeeded',
  httpStatus: 200,
  message: 'copied to s3://dst/out/a/b.txt (3 bytes, etag "x")',
  bytes: 3,
  attempts: 1,
};
const failed: TaskResult = {
  taskId: '9',
  bucket: 'src',
  key: 'k',
  versionId: 'v1',
  status: 'failed',
  errorCode: 'AccessDenied',
  httpStatus: 403,
  message: 'Access Denied',
  attempts: 3,
};

describe('store: ledger lines', () => {
  it.each([
    { name: 'a success', result: succeeded },
    { name: 'a failure', result: failed },
    {
      name: 'a plain success',
      result: {
        ...failed,
        status: 'succeeded',
        errorCode: undefined,
        httpStatus: 200,
        message: 'Successful',
        attempts: 1,
      },
    },
  ])('reads back $name exactly as it was', ({ result }) => {
    // Prepare
    const expected = JSON.parse(JSON.stringify(result)) as TaskResult;

    // Act
    const line = JSON.stringify(encodeResult(expected));
    const read = decodeResult(JSON.parse(line));

    // Assess
    expect(read).toEqual(expected);
  });

  it('writes a success without the values it usually has', () => {
    // Act
    const line = JSON.stringify(encodeResult(succeeded));

    // Assess
    expect(line).toBe(
      '{"i":"2:a/b.txt","q":41,"b":"src","k":"in/a/b.txt","m":"copied to s3://dst/out/a/b.txt (3 bytes, etag \\"x\\")","n":3}',
    );
  });

  it('reads a ledger line written before the short form', () => {
    // Act
    const read = decodeResult(JSON.parse(JSON.stringify(failed)));

    // Assess
    expect(read).toEqual(failed);
    expect(decodeResult({ i: 1 })).toBeUndefined();
    expect(decodeResult(null)).toBeUndefined();
  });
});
