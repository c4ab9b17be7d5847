// Replace a file so that readers see either the old or the new content, never a torn write.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { DATA_FILE_MODE } from './data-dir.ts';

/**
 * Write to a temporary file in the same folder, fsync, then rename over the target. The file is
 * always created 0600 (owner only): everything the app writes this way is the user's data, so
 * there is no mode parameter to get wrong.
 */
export async function writeFileAtomic(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  // 'wx': a fresh file, so the mode applies (an existing file would keep its own)
  const handle = await open(tmp, 'wx', DATA_FILE_MODE);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
