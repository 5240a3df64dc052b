import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../engine/types.js';
import { resultMessage } from '../operations/sync-message.js';
import type { CopyEffect, TaskEffect } from '../operations/types.js';
import { LedgerLines, ledgerLineDecoder } from './ledger-lines.js';

const ETAG = `"${'0123456789abcdef'.repeat(2)}"`;

/** A result as `runTask` builds it from an outcome with `effect`: the facts, no sentence. */
function done(result: Omit<TaskResult, 'message' | 'effect'>, effect: TaskEffect): TaskResult {
  return { ...result, effect };
}

/** A sync copy's result as `runTask` builds it from the pairs operation's outcome. */
function copied(
  key: string,
  seq: number,
  reason = 'missing',
  attempts = 1,
  more: Partial<CopyEffect> = {},
): TaskResult {
  const target = { bucket: 'dst', key: `out/${key}` };
  const effect: CopyEffect = { action: 'copy', target, size: 1024, etag: ETAG, reason, ...more };
  const base = { taskId: `3:${key}`, seq, bucket: 'src', key: `in/${key}` };
  return done({ ...base, status: 'succeeded', httpStatus: 200, bytes: 1024, attempts }, effect);
}

function deleted(key: string, seq: number, reason = 'extra'): TaskResult {
  const target = { bucket: 'dst', key: `out/${key}` };
  const base = { taskId: `3:${key}`, seq, bucket: 'dst', key: `out/${key}` };
  return done(
    { ...base, status: 'succeeded', httpStatus: 200, attempts: 1 },
    {
      action: 'delete',
      target,
      reason,
    },
  );
}

/** A result whose operation said its own message. */
function withoutEffect({ effect: _, ...result }: TaskResult): TaskResult {
  return result;
}

/** Lines as the store writes them (JSON text), then read back in order. */
function roundTrip(batches: TaskResult[][]): { lines: string[]; read: TaskResult[] } {
  const writer = new LedgerLines();
  const lines: string[] = [];
  for (const batch of batches) {
    const encoded = writer.encode(batch);
    lines.push(...encoded.lines.map((line) => JSON.stringify(line)));
    encoded.commit();
  }
  const decode = ledgerLineDecoder();
  return { lines, read: lines.map((line) => decode(JSON.parse(line))!) };
}

describe('store: ledger lines of a prefix row', () => {
  it('keeps a sync copy short, its row context on the first line only', () => {
    // Prepare
    const results = [copied('a/1.txt', 0), copied('a/2.txt', 1)];

    // Act
    const { lines, read } = roundTrip([results]);

    // Assess
    expect(lines).toEqual([
      '{"i":"3:a/1.txt","q":0,"n":1024,"g":"0123456789abcdef0123456789abcdef","c":{"sb":"src","sp":"in/","db":"dst","dp":"out/"}}',
      '{"i":"3:a/2.txt","q":1,"n":1024,"g":"0123456789abcdef0123456789abcdef"}',
    ]);
    expect(read).toEqual(results);
  });

  it('reads back deletes, other reasons and retried tasks exactly, across batches', () => {
    // Prepare
    const batches = [
      [deleted('gone', 0), copied('new', 1, 'size', 3)],
      [copied('x y+é', 2, 'newer'), deleted('old', 3, 'checksum'), copied('', 4, 'odd')],
    ];

    // Act
    const { lines, read } = roundTrip(batches);

    // Assess
    expect(read).toEqual(batches.flat());
    expect(lines.filter((line) => line.includes('"c":'))).toHaveLength(2);
    expect(lines.every((line) => !line.includes('"m":'))).toBe(true);
  });

  it.each([
    {
      name: 'a failure',
      result: {
        ...withoutEffect(copied('f', 0)),
        status: 'failed' as const,
        errorCode: 'AccessDenied',
        httpStatus: 403,
        message: 'Access Denied',
      },
    },
    { name: 'an object row', result: { ...copied('o', 0), taskId: '4', seq: undefined } },
    { name: 'a copy without an ETag', result: copied('e', 0, 'missing', 1, { etag: undefined }) },
    {
      name: 'a multipart copy',
      result: copied('m', 0, 'missing', 1, { via: 'multipart', parts: 2, etag: '"x-2"' }),
    },
    { name: 'a streamed copy', result: copied('s', 0, 'size', 1, { via: 'stream' }) },
    { name: 'a version', result: { ...copied('v', 0), versionId: 'v1' } },
    {
      name: 'a message said as is',
      result: { ...withoutEffect(copied('w', 0)), message: 'copied, said so' },
    },
  ])('keeps $name in the long form, read back exactly', ({ result }) => {
    // Act
    const { lines, read } = roundTrip([[result as TaskResult]]);

    // Assess
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.m).toBe(result.message);
    expect(line.t).toBe(result.effect && 'dst');
    expect(read).toEqual([JSON.parse(JSON.stringify(result))]);
  });

  it('reads the lines the previous version wrote, short and whole', () => {
    // Prepare: written by the version that parsed messages (its exact bytes).
    const lines = [
      '{"i":"3:a","q":0,"n":1024,"g":"e1","c":{"sb":"src","sp":"in/","db":"dst","dp":"out/"}}',
      '{"i":"3:b","q":1,"r":"size","n":7,"g":"e2","a":2}',
      '{"i":"3:c","q":2,"d":1,"r":"checksum"}',
      '{"i":"3:m","q":3,"b":"src","k":"in/m","m":"multipart copy to s3://dst/out/m, 2 parts (9 bytes, etag \\"x-2\\"); newer at source","n":9}',
    ];
    const decode = ledgerLineDecoder();

    // Act
    const read = lines.map((line) => decode(JSON.parse(line)));

    // Assess
    expect(read.map((result) => result && resultMessage(result))).toEqual([
      'copied to s3://dst/out/a (1024 bytes, etag "e1"); missing at destination',
      'copied to s3://dst/out/b (7 bytes, etag "e2"); size differs',
      'deleted s3://dst/out/c; checksum differs',
      'multipart copy to s3://dst/out/m, 2 parts (9 bytes, etag "x-2"); newer at source',
    ]);
    expect(read.map((result) => [result?.bucket, result?.key, result?.attempts])).toEqual([
      ['src', 'in/a', 1],
      ['src', 'in/b', 2],
      ['dst', 'out/c', 1],
      ['src', 'in/m', 1],
    ]);
  });

  it('gives the row context again after an append that did not commit', () => {
    // Prepare
    const writer = new LedgerLines();
    writer.encode([copied('a', 0)]);

    // Act
    const { lines } = writer.encode([copied('b', 1)]);

    // Assess
    expect(lines[0]).toHaveProperty('c');
  });

  it('refuses a short line whose row context never came', () => {
    // Act
    const read = ledgerLineDecoder()({ i: '3:a', q: 0, n: 1, g: 'x' });

    // Assess
    expect(read).toBeUndefined();
  });
});
