// Replace a file so that readers see either the old or the new content, never a torn write.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
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

/** Whether process `pid` is still running (signal 0 only asks; EPERM means it runs as someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a killed process left beside `path` (a SIGKILL between open and
 * rename leaves `<file>.<pid>.<hex>.tmp`). The target itself is whole either way; this only
 * keeps the folder from filling with torn copies. Files of processes still running are kept:
 * their rename may yet come.
 */
export async function removeStaleTemporaries(path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (match === null) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    await rm(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
