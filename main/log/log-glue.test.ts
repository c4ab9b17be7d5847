// The crash dialog, the renderer's errors and the logs-folder command, with Electron's
// pieces replaced by stand-ins.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COPY_DETAILS, installCrashDialog } from './crash-dialog.ts';
import { openLogsFolderCommand } from './logs-folder.ts';
import { watchRendererErrors } from './renderer-errors.ts';

const sink = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

describe('an error nothing caught in main', () => {
  it('is logged and shown in a dialog whose "Copy details" copies the redacted stack', async () => {
    const proc = new EventEmitter();
    const log = sink();
    const copied: string[] = [];
    const showMessageBox = vi.fn(async () => ({ response: 1 }));
    installCrashDialog({ log, process: proc, showMessageBox, showErrorBox: vi.fn(), isReady: () => true, writeClipboard: (t) => copied.push(t), appName: 'ACR Cache Studio', appVersion: '1.2.3' });
    proc.emit('uncaughtException', new Error('boom with Bearer eyJabc.eyJdef.ghi'));
    await vi.waitFor(() => expect(copied).toHaveLength(1));
    expect(log.error).toHaveBeenCalledWith('main: uncaught exception', expect.any(Error));
    expect(showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', buttons: ['Close', COPY_DETAILS] }));
    expect(copied[0]).toMatch(/ACR Cache Studio 1\.2\.3[\s\S]*uncaught exception:[\s\S]*Error: boom[\s\S]*at /);
    expect(copied[0]).not.toContain('eyJabc');
  });

  it('shows one dialog at a time, and before the app is ready an error box', async () => {
    const proc = new EventEmitter();
    let release: (v: { response: number }) => void = () => {};
    const showMessageBox = vi.fn(() => new Promise<{ response: number }>((r) => (release = r)));
    const showErrorBox = vi.fn();
    let ready = false;
    installCrashDialog({ log: sink(), process: proc, showMessageBox, showErrorBox, isReady: () => ready, writeClipboard: vi.fn(), appName: 'A', appVersion: '1' });
    proc.emit('unhandledRejection', 'early');
    expect(showErrorBox).toHaveBeenCalledTimes(1);
    ready = true;
    proc.emit('unhandledRejection', new Error('one'));
    proc.emit('unhandledRejection', new Error('two'));
    expect(showMessageBox).toHaveBeenCalledTimes(1);
    release({ response: 0 });
    await vi.waitFor(() => {
      proc.emit('unhandledRejection', new Error('three'));
      expect(showMessageBox).toHaveBeenCalledTimes(2);
    });
  });
});

describe("the renderer's errors", () => {
  it('console errors, a crashed or hung renderer reach the main log; other console output does not', () => {
    const contents = new EventEmitter();
    const log = sink();
    watchRendererErrors(contents as never, log);
    contents.emit('console-message', { level: 'error', message: 'Uncaught TypeError: x is undefined', lineNumber: 12, sourceId: 'app://bundle/index.js' });
    contents.emit('console-message', { level: 'info', message: 'hello' });
    contents.emit('console-message', {}, 3, 'old-style error', 4, 'app://old.js');
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 133 });
    contents.emit('unresponsive');
    expect(log.error.mock.calls.map((c) => c[0])).toEqual([
      'renderer: Uncaught TypeError: x is undefined (app://bundle/index.js:12)',
      'renderer: old-style error (app://old.js:4)',
      'renderer: the process is gone (crashed, exit code 133)',
    ]);
    expect(log.warn).toHaveBeenCalledWith('renderer: the window stopped responding');
  });
});

describe('the logs-folder command', () => {
  it('creates the logs folder before opening it, and says which folder failed to open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acr-logs-'));
    try {
      const logsDir = join(dir, 'logs');
      const opened: string[] = [];
      expect(await openLogsFolderCommand({ logsDir, openPath: async (p) => void opened.push(p) })()).toBe(logsDir);
      expect(opened).toEqual([logsDir]);
      expect((await stat(logsDir)).isDirectory()).toBe(true);
      const failing = openLogsFolderCommand({ logsDir, openPath: async () => Promise.reject(new Error('no file manager')) });
      await expect(failing()).rejects.toMatchObject({ code: 'open-failed', message: expect.stringContaining(`${logsDir} could not be opened: no file manager`) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
