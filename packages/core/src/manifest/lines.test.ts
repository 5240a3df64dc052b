import { describe, expect, it } from 'vitest';
import { readLines, type ManifestLine } from './lines.js';

async function collect(
  chunks: Uint8Array[],
  options: Parameters<typeof readLines>[1] = {},
): Promise<ManifestLine[]> {
  const out: ManifestLine[] = [];
  for await (const line of readLines(
    (async function* () {
      yield* chunks;
    })(),
    options,
  ))
    out.push(line);
  return out;
}

/** Split a buffer into chunks of `size` bytes, to prove results do not depend on chunking. */
function chunked(text: string | Uint8Array, size: number): Uint8Array[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('manifest: line reader', () => {
  it.each([1, 2, 3, 7, 1024])(
    'splits lines with offsets whatever the chunk size (%i bytes)',
    async (size) => {
      // Prepare
      const text = '\uFEFFa,b\r\nccc\n\nd\u00e9\n';

      // Act
      const lines = await collect(chunked(text, size));

      // Assess
      expect(lines.map((l) => [l.line, l.offset, l.text])).toEqual([
        [1, 0, 'a,b'],
        [2, 8, 'ccc'],
        [3, 12, ''],
        [4, 13, 'd\u00e9'],
      ]);
    },
  );

  it('yields a last line without a newline', async () => {
    // Act
    const lines = await collect([Buffer.from('x\ny')]);

    // Assess
    expect(lines.map((l) => l.text)).toEqual(['x', 'y']);
  });

  it('reports an over-long line without buffering it, and reads on', async () => {
    // Prepare
    const long = 'z'.repeat(5000);

    // Act
    const lines = await collect(chunked(`a\n${long}\nb\n`, 100), { maxLineBytes: 1000 });

    // Assess
    expect(lines.map((l) => [l.line, l.text, l.problem])).toEqual([
      [1, 'a', undefined],
      [2, undefined, 'line is longer than 1000 bytes'],
      [3, 'b', undefined],
    ]);
  });

  it.each([
    ['a NUL byte', Buffer.from('ok\nb\u0000d\n'), /NUL byte/],
    [
      'bytes that are not UTF-8',
      Buffer.from([0x6f, 0x6b, 0x0a, 0xc3, 0x28, 0x0a]),
      /not valid UTF-8/,
    ],
  ])('reports %s on its line', async (_name, bytes, problem) => {
    // Act
    const lines = await collect([bytes]);

    // Assess
    expect(lines[0]?.text).toBe('ok');
    expect(lines[1]?.line).toBe(2);
    expect(lines[1]?.problem).toMatch(problem);
  });

  it('keeps a BOM only at the start of the file', async () => {
    // Act
    const lines = await collect([Buffer.from('x\n\uFEFFy\n')]);

    // Assess
    expect(lines.map((l) => l.text)).toEqual(['x', '\uFEFFy']);
  });

  it('with skipFirstLine and end, yields exactly the lines that start inside the range', async () => {
    // Prepare: "aa\nbb\ncc\ndd\n" has lines at offsets 0, 3, 6, 9; range [4, 9) holds only "cc".
    const text = 'aa\nbb\ncc\ndd\n';

    // Act: the reader is handed the bytes from start - 1.
    const lines = await collect([Buffer.from(text).subarray(3)], {
      firstByteOffset: 3,
      skipFirstLine: true,
      end: 9,
    });

    // Assess
    expect(lines.map((l) => [l.offset, l.text])).toEqual([[6, 'cc']]);
  });
});
