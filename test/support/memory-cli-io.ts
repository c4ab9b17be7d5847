// A CliIo in memory, for running CLI commands in-process (runCli(argv, io)): the files it may
// read, what it wrote, and stdout/stderr as strings.
import { readFile, writeFile } from 'node:fs/promises';
import type { CliIo } from '../../main/cli/cli-io.ts';

export interface MemoryCliIo extends CliIo {
  stdout: string;
  stderr: string;
  readonly files: Map<string, string>;
  stdin: string;
}

/** `disk`: paths not in `files` are read from the disk, and writes go to the disk. */
export function memoryCliIo(files: Record<string, string> = {}, stdin = '', disk = false): MemoryCliIo {
  const io: MemoryCliIo = {
    stdout: '',
    stderr: '',
    stdin,
    files: new Map(Object.entries(files)),
    out: (text) => void (io.stdout += text),
    err: (text) => void (io.stderr += text),
    readFile: async (path) => {
      const text = io.files.get(path);
      if (text === undefined && disk) return readFile(path, 'utf8');
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    readStdin: async () => io.stdin,
    writeFile: async (path, text) => {
      if (disk) return writeFile(path, text, 'utf8');
      if (path.startsWith('/no-such-dir/')) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      io.files.set(path, text);
    },
  };
  return io;
}
