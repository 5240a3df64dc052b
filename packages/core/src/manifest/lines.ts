import { MAX_LINE_BYTES } from './constants.js';

/** One physical line of a manifest: its text, or why it cannot be read as text. */
export interface ManifestLine {
  /** 1-based, counted from the first line this reader yields. */
  readonly line: number;
  /** Byte offset of the line's first byte in the (uncompressed) file. */
  readonly offset: number;
  readonly text?: string;
  readonly problem?: string;
}

export interface LineReaderOptions {
  /** Offset in the file of the first byte the chunks carry. @default 0 */
  readonly firstByteOffset?: number;
  /** Drop everything up to and including the first `\n` (the row that started before a range). */
  readonly skipFirstLine?: boolean;
  /** Stop at the first line that starts at or after this offset. */
  readonly end?: number;
  /** @default MAX_LINE_BYTES */
  readonly maxLineBytes?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Split a byte stream into lines, keeping each line's byte offset so that byte ranges can shard
 * a manifest: with `skipFirstLine` and `end`, a reader yields exactly the lines that START in
 * [first byte + 1, end). CRLF and a leading BOM are handled; an over-long line is reported, not
 * buffered, so a file without newlines cannot exhaust memory.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<ManifestLine> {
  for await (const batch of readLineBatches(chunks, options)) {
    for (const line of batch) yield line;
  }
}

/**
 * `readLines`, a chunk's lines at a time: one step of an async generator per line was most of
 * the CPU of planning a 10M-line manifest, so readers of big files take a chunk's lines as a
 * plain (sync) iterable. Read each batch to its end before asking for the next.
 */
export async function* readLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: LineReaderOptions = {},
): AsyncGenerator<Iterable<ManifestLine>> {
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const end = options.end ?? Infinity;
  let position = options.firstByteOffset ?? 0;
  let lineStart = position;
  let skipping = options.skipFirstLine ?? false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNumber = 0;

  // The line whose bytes are `pending` plus `bytes[from, to)`, or undefined when it is skipped.
  const finish = (bytes: Buffer, from: number, to: number): ManifestLine | undefined => {
    const wasTooLong = tooLong;
    let line: Buffer | undefined;
    if (!wasTooLong && pending.length > 0) {
      pending.push(bytes.subarray(from, to));
      line = Buffer.concat(pending);
    }
    pending = [];
    pendingBytes = 0;
    tooLong = false;
    if (skipping) {
      skipping = false;
      return undefined;
    }
    lineNumber += 1;
    if (wasTooLong) {
      return {
        line: lineNumber,
        offset: lineStart,
        problem: `line is longer than ${maxLineBytes} bytes`,
      };
    }
    return line
      ? decodeLine(line, 0, line.length, lineNumber, lineStart)
      : decodeLine(bytes, from, to, lineNumber, lineStart);
  };

  // A chunk's lines, decoded as they are asked for (nothing is kept for the whole chunk).
  function* linesOf(chunk: Buffer): Generator<ManifestLine> {
    let index = 0;
    while (index < chunk.length) {
      if (!skipping && lineStart >= end) return;
      const newline = chunk.indexOf(0x0a, index);
      const stop = newline === -1 ? chunk.length : newline;
      if (newline === -1 || pending.length > 0 || tooLong) {
        if (!tooLong && pendingBytes + stop - index > maxLineBytes + 1) {
          tooLong = true;
          pending = [];
        }
      } else if (stop - index > maxLineBytes + 1) {
        tooLong = true;
      }
      if (newline === -1) {
        if (!tooLong) {
          pending.push(chunk.subarray(index, stop));
          pendingBytes += stop - index;
        }
        return;
      }
      const line = finish(chunk, index, stop);
      lineStart = position + newline + 1;
      index = newline + 1;
      if (line) yield line;
    }
  }

  for await (const raw of chunks) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
    yield linesOf(chunk);
    position += chunk.length;
    // The range's last row is complete: asking for another chunk would read past the range.
    if (!skipping && lineStart >= end) return;
  }
  if (lineStart >= end && !skipping) return;
  if (pendingBytes > 0 || tooLong) {
    const line = finish(Buffer.alloc(0), 0, 0);
    if (line) yield [line];
  }
}

/** The text of `bytes[from, to)` as one line: BOM and CR dropped, NUL and bad UTF-8 refused. */
function decodeLine(
  bytes: Buffer,
  from: number,
  to: number,
  line: number,
  offset: number,
): ManifestLine {
  let start = from;
  let stop = to;
  if (
    offset === 0 &&
    bytes[start] === 0xef &&
    bytes[start + 1] === 0xbb &&
    bytes[start + 2] === 0xbf
  )
    start += 3;
  if (stop > start && bytes[stop - 1] === 0x0d) stop -= 1;
  // The lenient decoder is the fast one; a replacement character sends the line to the strict one.
  let text = bytes.toString('utf8', start, stop);
  if (text.includes('\0'))
    return { line, offset, problem: 'line contains a NUL byte (binary data?)' };
  if (text.includes('\uFFFD')) {
    try {
      text = utf8.decode(bytes.subarray(start, stop));
    } catch {
      return { line, offset, problem: 'line is not valid UTF-8 text (binary data?)' };
    }
  }
  return { line, offset, text };
}
