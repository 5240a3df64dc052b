import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { JobError } from '../errors.js';
import { openIfExists, PRIVATE_FILE_MODE } from './atomic-file.js';

/**
 * The records of an append-only JSONL file, streamed (one line in memory at a time). Only the
 * last line may be torn (a crash mid-append): without its newline it was never acknowledged and
 * is skipped. Any other line `parse` refuses (returns undefined) is corruption: a `JobError`.
 * No file: no records.
 */
export async function* readJsonLines<T>(
  path: string,
  parse: (value: unknown) => T | undefined,
  what: string,
): AsyncGenerator<T> {
  const torn = await endsTorn(path);
  if (torn === undefined) return;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let pending: { text: string; number: number } | undefined;
  let number = 0;
  for await (const text of lines) {
    number++;
    // Hold each line back one step: only the last line may be torn.
    if (pending) yield parseLine(pending.text, pending.number, path, parse, what);
    pending = text === '' ? undefined : { text, number };
  }
  if (pending && !torn) yield parseLine(pending.text, pending.number, path, parse, what);
}

/**
 * Open `path` for appending (created user-only), with a torn last line cut off first: else the
 * next append would glue a valid record onto it and the file would lose both.
 */
export async function openForAppend(path: string): Promise<FileHandle> {
  const handle = await open(path, 'a+', PRIVATE_FILE_MODE);
  try {
    const { size } = await handle.stat();
    const end = size > 0 ? await endOfLastLine(handle, size) : 0;
    if (end !== size) {
      await handle.truncate(end);
      await handle.datasync();
    }
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Append one JSON line per record and make them durable (acknowledged once this resolves). */
export async function appendJsonLines(
  handle: FileHandle,
  records: readonly unknown[],
): Promise<void> {
  if (records.length === 0) return;
  await handle.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  await handle.datasync();
}

/** The offset just past the last newline (0 when there is none). */
async function endOfLastLine(handle: FileHandle, size: number): Promise<number> {
  const tail = Buffer.alloc(Math.min(size, 64 * 1024));
  let end = size;
  for (;;) {
    const start = Math.max(0, end - tail.length);
    const { bytesRead } = await handle.read(tail, 0, end - start, start);
    const at = tail.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at !== -1) return start + at + 1;
    if (start === 0) return 0;
    end = start;
  }
}

function parseLine<T>(
  text: string,
  line: number,
  path: string,
  parse: (value: unknown) => T | undefined,
  what: string,
): T {
  let value: T | undefined;
  try {
    value = parse(JSON.parse(text));
  } catch {
    value = undefined;
  }
  if (value === undefined) {
    throw new JobError(`${path}:${line}: ${what} line is corrupt`, 'JobStoreError');
  }
  return value;
}

/** Whether the file's last byte is not a newline; undefined when there is no file. */
async function endsTorn(path: string): Promise<boolean | undefined> {
  const handle = await openIfExists(path);
  if (!handle) return undefined;
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
