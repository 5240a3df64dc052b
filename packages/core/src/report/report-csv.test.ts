import { parseString } from 'fast-csv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeReportKey, formatReportRow, parseReportRow } from './report-csv.js';
import type { ReportRecord } from './types.js';

async function parseLine(line: string): Promise<string[]> {
  const rows: string[][] = [];
  for await (const row of parseString<string[], string[]>(line, { headers: false })) {
    rows.push(row as string[]);
  }
  expect(rows).toHaveLength(1);
  return rows[0] ?? [];
}

describe('report: CSV rows', () => {
  it.each([
    {
      record: { bucket: 'photos', key: 'a.jpg', status: 'succeeded', message: 'Successful' },
      line: 'photos,a.jpg,,succeeded,200,,Successful\n',
    },
    {
      record: {
        bucket: 'photos',
        key: 'b c.jpg',
        versionId: 'v1',
        status: 'failed',
        httpStatus: 404,
        errorCode: 'NoSuchKey',
        message: 'The specified key does not exist.',
      },
      line: 'photos,b%20c.jpg,v1,failed,404,NoSuchKey,The specified key does not exist.\n',
    },
    {
      record: {
        bucket: 'b',
        key: 'dir/a+b=c,"q".txt',
        status: 'failed',
        httpStatus: 200,
        errorCode: 'PermanentFailure',
        message: 'Lambda returned function error: {"errorMessage":"x, y"}',
      },
      line: 'b,dir/a%2Bb%3Dc%2C%22q%22.txt,,failed,200,PermanentFailure,"Lambda returned function error: {""errorMessage"":""x, y""}"\n',
    },
  ] as { record: ReportRecord; line: string }[])(
    'writes $line as the service does',
    ({ record, line }) => {
      expect(formatReportRow(record)).toBe(line);
    },
  );

  it.each([
    ['with space/and more spaces.txt', 'with%20space/and%20more%20spaces.txt'],
    ['percent%20literal/100%.txt', 'percent%2520literal/100%25.txt'],
    ['unicode/日本語.txt', 'unicode/%E6%97%A5%E6%9C%AC%E8%AA%9E.txt'],
    ['../../etc/passwd', '../../etc/passwd'],
  ])('URL-encodes the key %j', (key, encoded) => {
    expect(encodeReportKey(key)).toBe(encoded);
  });

  it('reads back every row it writes, whatever the key and message', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 60 }),
        fc.boolean(),
        async (key, message, failed) => {
          // Prepare
          const record: ReportRecord = failed
            ? {
                bucket: 'b',
                key,
                status: 'failed',
                httpStatus: 403,
                errorCode: 'AccessDenied',
                message,
              }
            : { bucket: 'b', key, status: 'succeeded', httpStatus: 200, message };

          // Act
          const back = parseReportRow(await parseLine(formatReportRow(record)), 'test');

          // Assess
          expect(back).toEqual(record);
        },
      ),
      { numRuns: 150 },
    );
  });
});
