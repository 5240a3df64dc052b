import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Files s3bulk writes hold job data: readable by the user only. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export interface AtomicWriteOptions {
  /** @default PRIVATE_FILE_MODE */
  readonly mode?: number;
  /** Called once the temporary sibling is durable and not yet renamed (a crash point). */
  readonly onStaged?: () => void;
}

/**
 * Replace `path` with `data` so that a crash leaves either the old file or the new one, never a
 * half-written one: write a temporary sibling, fsync it, rename it over `path`, fsync the folder.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? PRIVATE_FILE_MODE;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  options.onStaged?.();
  await rename(temp, path);
  await syncDirectory(dirname(path));
}

/** Make a rename durable: fsync the folder that holds it (a no-op where the OS refuses). */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems do not allow fsync on a directory; the rename itself is still atomic.
  }
}

/** Open `path` for reading, or undefined when there is no such file (any other error throws). */
export async function openIfExists(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
