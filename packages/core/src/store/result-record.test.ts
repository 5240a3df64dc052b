import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../engine/types.js';
import { effectMessage, resultMessage } from '../operations/sync-message.js';
import type { CopyEffect, TaskEffect } from '../operations/types.js';
import { decodeResult, encodeResult } from './result-record.js';

const ETAG = '"9e107d9d372bb6826bd81d3542a419d6"';

/** A manifest row's result as `runTask` builds it from an outcome with facts. */
function withEffect(effect: TaskEffect, more: Partial<TaskResult> = {}): TaskResult {
  return {
    taskId: '2',
    bucket: 'src',
    key: 'w1/00000001',
    status: 'succeeded',
    httpStatus: 200,
    effect,
    ...(effect.action === 'copy' && effect.size !== undefined ? { bytes: effect.size } : {}),
    attempts: 1,
    ...more,
  };
}

function copy(more: Partial<CopyEffect> = {}): CopyEffect {
  const target = { bucket: 'dst', key: 'w1/00000001' };
  return { action: 'copy', target, size: 4096, etag: ETAG, ...more };
}

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

  it('writes the copy of a manifest row as its facts, not its sentence', () => {
    // Act
    const line = JSON.stringify(encodeResult(withEffect(copy())));

    // Assess
    expect(line).toBe(
      '{"i":"2","b":"src","k":"w1/00000001","t":"dst","g":"9e107d9d372bb6826bd81d3542a419d6","n":4096}',
    );
  });

  it.each([
    { name: 'a copy', effect: copy() },
    {
      name: 'a copy under a prefix',
      effect: copy({ target: { bucket: 'dst', key: 'p/w1/00000001' } }),
    },
    { name: 'a copy to another key', effect: copy({ target: { bucket: 'dst', key: 'other' } }) },
    { name: 'a copy without an ETag', effect: copy({ etag: undefined }) },
    { name: 'a copy of unknown size', effect: copy({ size: undefined }) },
    { name: 'a multipart copy', effect: copy({ via: 'multipart', parts: 3, etag: '"x-3"' }) },
    { name: 'a streamed copy in parts', effect: copy({ via: 'stream', parts: 2 }) },
    { name: 'a streamed copy', effect: copy({ via: 'stream' }) },
    { name: 'a pairs copy with its reason', effect: copy({ reason: 'size' }) },
    {
      name: 'a pairs delete',
      effect: { action: 'delete', target: { bucket: 'src', key: 'w1/00000001' }, reason: 'extra' },
    },
  ] satisfies { name: string; effect: TaskEffect }[])(
    'reads back $name with its facts and no message',
    ({ effect }) => {
      // Prepare
      const result = JSON.parse(JSON.stringify(withEffect(effect))) as TaskResult;

      // Act
      const line = JSON.stringify(encodeResult(result));
      const read = decodeResult(JSON.parse(line));

      // Assess
      expect(line).not.toContain('"m":');
      expect(read).toEqual(result);
      expect(resultMessage(read!)).toBe(effectMessage(effect));
    },
  );

  it.each([
    {
      name: 'a target version',
      effect: copy({ target: { bucket: 'dst', key: 'k', versionId: 'v' } }),
    },
    { name: 'an unquoted ETag', effect: copy({ etag: 'bare' }) },
    { name: 'a size other than the bytes', effect: copy({ size: 5 }) },
  ])('keeps the words of facts the short fields cannot say: $name', ({ effect }) => {
    // Prepare
    const result = withEffect(effect, { bytes: 4096 });

    // Act
    const read = decodeResult(JSON.parse(JSON.stringify(encodeResult(result))));

    // Assess
    expect(read?.message).toBe(effectMessage(effect));
    expect(read?.effect).toBeUndefined();
  });

  it('reads a copy line written with its message as the same ResultMessage', () => {
    // Prepare: a manifest row's copy as the version before the facts wrote it.
    const line = `{"i":"2","b":"src","k":"w1/00000001","m":"copied to s3://dst/w1/00000001 (4096 bytes, etag \\"9e107d9d372bb6826bd81d3542a419d6\\")","n":4096}`;

    // Act
    const read = decodeResult(JSON.parse(line));

    // Assess
    expect(resultMessage(read!)).toBe(resultMessage(withEffect(copy())));
    expect(read).toMatchObject({ taskId: '2', status: 'succeeded', httpStatus: 200, bytes: 4096 });
  });
});
