import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../engine/types.js';
import { effectMessage, resultMessage } from '../operations/sync-message.js';
import type { TaskEffect } from '../operations/types.js';
import { LocalJobStore } from '../store/local-job-store.js';
import { uniqueResults } from './job-report.js';
import type { ReportRecord } from './types.js';
import { writeCompletionReport } from './write-report.js';

const ETAG = '"9e107d9d372bb6826bd81d3542a419d6"';

function syncCopy(row: number, key: string, seq: number, reason: string): TaskResult {
  const target = { bucket: 'dst', key: `out/${key}` };
  const effect: TaskEffect = { action: 'copy', target, size: 7, etag: ETAG, reason };
  return {
    taskId: `${row}:${key}`,
    seq,
    bucket: 'src',
    key: `in ${row}/${key}`,
    status: 'succeeded',
    httpStatus: 200,
    effect,
    bytes: 7,
    attempts: seq % 3 === 0 ? 2 : 1,
  };
}

function syncDelete(row: number, key: string, seq: number, reason: string): TaskResult {
  const effect: TaskEffect = {
    action: 'delete',
    target: { bucket: 'dst', key: `out/${key}` },
    reason,
  };
  return {
    taskId: `${row}:${key}`,
    seq,
    bucket: 'dst',
    key: `out/${key}`,
    status: 'succeeded',
    httpStatus: 200,
    effect,
    attempts: 1,
  };
}

/** The same copy done in parts: a result the ledger keeps whole. */
function multipart(result: TaskResult): TaskResult {
  const effect = {
    ...(result.effect as TaskEffect & { action: 'copy' }),
    via: 'multipart' as const,
    parts: 2,
  };
  return { ...result, effect };
}

function withoutEffect({ effect: _, ...result }: TaskResult): TaskResult {
  return result;
}

/** Every kind of ledger line: two prefix rows' short ones, interleaved, and whole ones. */
const results: TaskResult[] = [
  syncCopy(2, 'a.txt', 0, 'missing'),
  syncCopy(3, 'a, "quoted" é.txt', 0, 'size'),
  syncDelete(2, 'old/x', 1, 'extra'),
  multipart(syncCopy(2, 'multi', 2, 'newer')),
  {
    ...withoutEffect(syncCopy(2, 'denied', 3, 'missing')),
    status: 'failed',
    errorCode: 'AccessDenied',
    httpStatus: 403,
    message: 'Access Denied',
  },
  { taskId: '4', bucket: 'src', key: 'k', status: 'succeeded', message: 'Successful', attempts: 1 },
  syncCopy(3, '', 1, 'newer'),
  syncDelete(3, 'sum', 2, 'checksum'),
];

/** The rows as the engine gave them before it kept facts: each with the sentence worded. */
async function* wordedRecordsOf(results: readonly TaskResult[]): AsyncIterable<ReportRecord> {
  for (const { effect, ...result } of results) {
    yield { ...result, message: effect ? effectMessage(effect) : resultMessage(result) };
  }
}

/** Every file of a report folder, by path, with its bytes. */
async function filesOf(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length)] = await readFile(path, 'utf8');
  }
  return files;
}

describe('report: built from the ledger', () => {
  it('is byte for byte the report of the results the ledger was given', async () => {
    // Prepare
    const store = new LocalJobStore(await mkdtemp(join(tmpdir(), 's3bulk-job-report-')));
    await store.appendResults(results.slice(0, 3));
    await store.appendResults(results.slice(3));
    await store.close();
    const options = { jobId: 'j1', scope: 'AllTasks' as const, now: new Date(0) };
    const direct = await mkdtemp(join(tmpdir(), 's3bulk-job-report-direct-'));
    const fromLedger = await mkdtemp(join(tmpdir(), 's3bulk-job-report-ledger-'));

    // Act
    await writeCompletionReport(wordedRecordsOf(results), { ...options, location: direct });
    await writeCompletionReport(uniqueResults(store.readResults()), {
      ...options,
      location: fromLedger,
    });
    const ledger = await readFile(join(store.location, 'results.jsonl'), 'utf8');

    // Assess
    expect(await filesOf(fromLedger)).toEqual(await filesOf(direct));
    // Only the failure keeps its words: every copy and delete keeps its facts.
    expect(ledger.split('\n').filter((line) => line.includes('"m":'))).toHaveLength(1);
  });
});
