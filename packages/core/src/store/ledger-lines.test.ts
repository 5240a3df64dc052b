import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../engine/types.js';
import { copiedMessage, deletedMessage, reasonSuffix } from '../operations/sync-message.js';
import { LedgerLines, ledgerLineDecoder } from './ledger-lines.js';

/** A sync copy's result as `runTask` builds it from the pairs operation's outcome. */
function copied(key: string, seq: number, reason = 'missing', attempts = 1): TaskResult {
  const etag = `"${'0123456789abcdef'.repeat(2)}"`;
  return {
    taskId: `3:${key}`,
    seq,
    bucket: 'src',
    key: `in/${key}`,
    status: 'succeeded',
    httpStatus: 200,
    message: `${copiedMessage('dst', `out/${key}`, 1024, etag)}${reasonSuffix(reason)}`,
    bytes: 1024,
    attempts,
  };
}

function deleted(key: string, seq: number, reason = 'extra'): TaskResult {
  return {
    taskId: `3:${key}`,
    seq,
    bucket: 'dst',
    key: `out/${key}`,
    status: 'succeeded',
    httpStatus: 200,
    message: deletedMessage('dst', `out/${key}`, reason),
    attempts: 1,
  };
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
      result: { ...copied('f', 0), status: 'failed' as const, httpStatus: 403 },
    },
    { name: 'an object row', result: { ...copied('o', 0), taskId: '4', seq: undefined } },
    {
      name: 'a copy without an ETag',
      result: {
        ...copied('e', 0),
        message: 'copied to s3://dst/out/e (1024 bytes, etag ?); missing at destination',
      },
    },
    {
      name: 'a multipart copy',
      result: {
        ...copied('m', 0),
        message:
          'multipart copy to s3://dst/out/m, 2 parts (1024 bytes, etag "x-2"); missing at destination',
      },
    },
    { name: 'a version', result: { ...copied('v', 0), versionId: 'v1' } },
  ])('keeps $name whole', ({ result }) => {
    // Act
    const { lines, read } = roundTrip([[result as TaskResult]]);

    // Assess
    expect(JSON.parse(lines[0]!)).toHaveProperty('m', result.message);
    expect(read).toEqual([JSON.parse(JSON.stringify(result))]);
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
