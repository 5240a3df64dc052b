import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from '../store/atomic-file.js';

const CHUNK = 256 * 1024;

/** One results CSV being written: buffered, MD5 computed on the way, fsynced on close. */
export class ResultsFile {
  rows = 0;
  private handle: FileHandle | undefined;
  private buffer: string[] = [];
  private buffered = 0;
  private readonly md5: Hash = createHash('md5');

  constructor(readonly path: string) {}

  async write(line: string): Promise<void> {
    this.handle ??= await open(this.path, 'wx', PRIVATE_FILE_MODE);
    this.buffer.push(line);
    this.buffered += line.length;
    this.rows++;
    if (this.buffered >= CHUNK) await this.drain();
  }

  /** Flush, fsync and close; returns the hex MD5 of the bytes written. */
  async close(): Promise<string> {
    if (this.handle) {
      await this.drain();
      await this.handle.sync();
      await this.handle.close();
      this.handle = undefined;
    }
    return this.md5.digest('hex');
  }

  /** Close without caring about the content (on failure). */
  async abandon(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    if (!this.handle || this.buffer.length === 0) return;
    const bytes = Buffer.from(this.buffer.join(''), 'utf8');
    this.buffer = [];
    this.buffered = 0;
    this.md5.update(bytes);
    await this.handle.write(bytes);
  }
}
