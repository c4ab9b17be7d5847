// The app's log: one rotating file in the data folder (`logs/main.log`, `main.1.log`…), written
// through electron-log. Electron-free: the main process hands in `electron-log/main`, tests
// `electron-log/node`, configured the same way here. Every line is redacted (redact.ts) after it
// is formatted, so nothing passed in — an error's message, an object — can carry a token out.
// Other modules log through `appLog`, which does nothing until a logger is installed.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import { redactLogText } from './redact.ts';

export const LOGS_FOLDER = 'logs';
export const LOG_FILE = 'main.log';

export function logsDirOf(dataDir: string): string {
  return join(dataDir, LOGS_FOLDER);
}

/** The subset of electron-log's logger (main or node) that the app configures and writes to. */
export interface FileLogger {
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  transports: {
    file: {
      resolvePathFn: (...args: never[]) => string;
      maxSize: number;
      archiveLogFn: (file: { toString(): string }) => void;
      transforms: Array<(options: { data: unknown }) => unknown>;
      writeOptions?: { flag?: string; mode?: number; encoding?: string };
      format: unknown;
      level: unknown;
    };
    console: { transforms: Array<(options: { data: unknown }) => unknown>; level: unknown };
  };
}

export interface FileLogOptions {
  logsDir: string;
  /** Rotate when the file passes this size (default 1 MiB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 4). */
  keep?: number;
}

const redactTransform = ({ data }: { data: unknown }): unknown => {
  if (typeof data === 'string') return redactLogText(data);
  if (Array.isArray(data)) return data.map((item) => (typeof item === 'string' ? redactLogText(item) : item));
  return data;
};

/** main.log → main.1.log → … → main.<keep>.log (dropped after that). */
export function rotate(path: string, keep: number): void {
  const { dir, name, ext } = parse(path);
  const numbered = (i: number) => join(dir, `${name}.${i}${ext}`);
  rmSync(numbered(keep), { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    try {
      renameSync(numbered(i), numbered(i + 1));
    } catch {
      // not there yet
    }
  }
  if (keep >= 1) renameSync(path, numbered(1));
  else rmSync(path, { force: true });
}

export function configureFileLog(logger: FileLogger, options: FileLogOptions): string {
  const keep = Math.max(0, options.keep ?? 4);
  const file = join(options.logsDir, LOG_FILE);
  // the data folder's own rule (issue 9.12): the folder 0700, its files 0600
  mkdirSync(options.logsDir, { recursive: true, mode: 0o700 });
  const transport = logger.transports.file;
  transport.resolvePathFn = () => file;
  transport.maxSize = options.maxBytes ?? 1024 * 1024;
  transport.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  transport.archiveLogFn = (old) => rotate(old.toString(), keep);
  transport.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}]{scope} {text}';
  transport.level = 'info';
  transport.transforms = [...transport.transforms, redactTransform];
  logger.transports.console.transforms = [...logger.transports.console.transforms, redactTransform];
  return file;
}

export interface LogSink {
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

let sink: LogSink | null = null;

/** Installs the logger every `appLog` call writes to (null: none, calls do nothing). */
export function setAppLogSink(next: LogSink | null): void {
  sink = next;
}

export const appLog: LogSink = {
  info: (...data) => sink?.info(...data),
  warn: (...data) => sink?.warn(...data),
  error: (...data) => sink?.error(...data),
};
