import { describe, expect, it } from 'vitest';
import { copiedTo } from './report-pairs.js';
import type { ReportRecord } from './types.js';

function row(message: string, status: ReportRecord['status'] = 'succeeded'): ReportRecord {
  return { bucket: 'src', key: 'k', status, message } as ReportRecord;
}

describe('report: copiedTo', () => {
  it.each([
    ['copied to s3://dst/a/b.txt (12 bytes, etag "e1")', 'a/b.txt'],
    ['copied to s3://dst/key (with) parens.txt (etag "e")', 'key (with) parens.txt'],
    ['copied to s3://dst/x.txt (3 bytes, etag "e"); newer at source', 'x.txt'],
    ['multipart copy to s3://dst/big.bin, 3 parts (15728640 bytes, etag "e-3")', 'big.bin'],
    ['streamed to s3://dst/s.bin (9 bytes, etag ?)', 's.bin'],
    ['streamed in 2 parts to s3://dst/s2.bin (9 bytes, etag ?)', 's2.bin'],
  ])('reads the destination of "%s"', (message, key) => {
    expect(copiedTo(row(message))).toEqual({ bucket: 'dst', key });
  });

  it.each([
    ['deleted s3://dst/x.txt; missing at source', 'succeeded'],
    ['copied to s3://dst/x.txt (3 bytes, etag "e")', 'failed'],
    ['legal hold ON on s3://src/k', 'succeeded'],
  ] as const)('names no copy for "%s" (%s)', (message, status) => {
    expect(copiedTo(row(message, status))).toBeUndefined();
  });
});
