// What a CLI command may touch: its output streams and the files it reads. Commands get it as a
// parameter, so tests can run them in-process and the entry point wires it to the real process.

import { open, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { decodeInput } from '../../core/input-text.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<string>;
  readStdin(): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  /** Whether stdout is a terminal (apply: progress for people, else JSON lines). */
  readonly isTerminal?: boolean;
  /** Asks on the terminal and resolves to the answer (apply's confirmation). */
  ask?(question: string): Promise<string>;
}

/**
 * The most the CLI reads from one input: 16 MiB is about 80,000 rules in YAML, far past ACR's
 * 1,000 per registry, and keeps a wrong pipe (`cat /dev/zero | acr-cache lint -`) from growing the
 * process to gigabytes.
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** An input over MAX_INPUT_BYTES: nothing past the limit was read. */
export class InputTooLargeError extends Error {
  override readonly name = 'InputTooLargeError';
  constructor(readonly bytes: number | null) {
    super(`it is larger than the ${MAX_INPUT_BYTES / (1024 * 1024)} MB (${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes) the CLI reads from one input${bytes === null ? '' : ` (${(bytes / (1024 * 1024)).toFixed(1)} MB)`}`);
  }
}

/** Reads a stream up to `limit` bytes; past it, stops reading and rejects. */
async function readBounded(stream: NodeJS.ReadableStream & { destroy?(): void }, limit = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) {
      stream.destroy?.();
      throw new InputTooLargeError(null);
    }
    chunks.push(buffer);
  }
  // UTF-8 or UTF-16 (PowerShell's `>`), with or without BOM: core/input-text.ts
  return decodeInput(Buffer.concat(chunks));
}

/**
 * A file, read with the bound: a regular file's size is checked before reading; a FIFO, a
 * character device or a process substitution (`<(…)`) is read until the limit, like stdin.
 */
async function readFileBounded(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    if (info.isFile() && info.size > MAX_INPUT_BYTES) throw new InputTooLargeError(info.size);
    return await readBounded(handle.createReadStream({ autoClose: false }));
  } finally {
    await handle.close();
  }
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: (path) => readFileBounded(path),
  readStdin: () => readBounded(process.stdin),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  isTerminal: Boolean(process.stdout.isTTY),
  async ask(question) {
    if (!process.stdin.isTTY) return '';
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

/** Exit codes, the same for every command (documented in main/cli/README.md and in --help). */
export const EXIT_OK = 0;
/** The input has problems (lint: an error-severity problem; resolve: a reference no rule serves). */
export const EXIT_PROBLEMS = 1;
/** Bad usage, or input that cannot be read at all. */
export const EXIT_USAGE = 2;

/** Bad usage or unreadable input: reported on stderr, exit code 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}
