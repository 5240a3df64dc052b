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
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  let position = options.firstByteOffset ?? 0;
  let lineStart = position;
  let skipping = options.skipFirstLine ?? false;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNumber = 0;

  const finish = (): ManifestLine | undefined => {
    const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const wasTooLong = tooLong;
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
    return decodeLine(bytes, lineNumber, lineStart);
  };

  for await (const chunk of chunks) {
    let index = 0;
    while (index < chunk.length) {
      if (!skipping && options.end !== undefined && lineStart >= options.end) return;
      const newline = chunk.indexOf(0x0a, index);
      const stop = newline === -1 ? chunk.length : newline;
      if (!tooLong) {
        pending.push(chunk.subarray(index, stop));
        pendingBytes += stop - index;
        if (pendingBytes > maxLineBytes + 1) {
          tooLong = true;
          pending = [];
        }
      }
      if (newline === -1) break;
      const line = finish();
      if (line) yield line;
      lineStart = position + newline + 1;
      index = newline + 1;
    }
    position += chunk.length;
  }
  if (options.end !== undefined && lineStart >= options.end && !skipping) return;
  if (pendingBytes > 0 || tooLong) {
    const line = finish();
    if (line) yield line;
  }
}

function decodeLine(bytes: Uint8Array, line: number, offset: number): ManifestLine {
  let start = 0;
  let end = bytes.length;
  if (offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  if (end > start && bytes[end - 1] === 0x0d) end -= 1;
  const body = bytes.subarray(start, end);
  if (body.includes(0)) return { line, offset, problem: 'line contains a NUL byte (binary data?)' };
  try {
    return { line, offset, text: utf8.decode(body) };
  } catch {
    return { line, offset, problem: 'line is not valid UTF-8 text (binary data?)' };
  }
}
