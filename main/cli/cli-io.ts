// What a CLI command may touch: its output streams and the files it reads. Commands get it as a
// parameter, so tests can run them in-process and the entry point wires it to the real process.

import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';

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

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => readAll(process.stdin),
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
