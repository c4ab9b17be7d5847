// The renderer's errors reach the main log without any renderer code: Chromium reports uncaught
// errors and console.error as console messages of level error, and a crashed or hung renderer as
// webContents events. Electron's WebContents is passed in (a stand-in in tests).
import type { LogSink } from './app-log.ts';

type Listener = (...args: never[]) => void;

export interface WebContentsLike {
  on(event: 'console-message' | 'render-process-gone' | 'preload-error' | 'unresponsive', listener: Listener): unknown;
}

interface ConsoleMessageEvent {
  level?: unknown;
  message?: unknown;
  lineNumber?: unknown;
  sourceId?: unknown;
}

export function watchRendererErrors(contents: WebContentsLike, log: LogSink): void {
  contents.on('console-message', ((event: ConsoleMessageEvent, level?: unknown, message?: unknown, line?: unknown, sourceId?: unknown) => {
    // Electron ≥ 35 puts the details on the event; older versions pass them as arguments (level 3 = error)
    const isError = event.level === 'error' || level === 3;
    if (!isError) return;
    const text = typeof event.message === 'string' ? event.message : String(message ?? '');
    const source = typeof event.sourceId === 'string' ? event.sourceId : String(sourceId ?? '');
    const at = typeof event.lineNumber === 'number' ? event.lineNumber : line;
    log.error(`renderer: ${text}${source ? ` (${source}:${String(at ?? '?')})` : ''}`);
  }) as Listener);
  contents.on('render-process-gone', ((_event: unknown, details: { reason?: string; exitCode?: number }) => {
    log.error(`renderer: the process is gone (${details?.reason ?? 'unknown reason'}, exit code ${details?.exitCode ?? '?'})`);
  }) as Listener);
  contents.on('preload-error', ((_event: unknown, preloadPath: string, error: unknown) => {
    log.error(`renderer: the preload script ${preloadPath} failed`, error);
  }) as Listener);
  contents.on('unresponsive', (() => log.warn('renderer: the window stopped responding')) as Listener);
}
