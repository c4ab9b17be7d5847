// An error nothing caught in the main process is logged and shown: a dialog says what happened
// and offers "Copy details" (the stack, redacted like the log) for a bug report, instead of the
// app dying silently or running on in an unknown state unseen. Electron is injected.
import { redactLogText } from './redact.ts';
import type { LogSink } from './app-log.ts';

export interface CrashDialogDeps {
  log: LogSink;
  /** `process`, or a stand-in in tests. */
  process: { on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown };
  showMessageBox(options: { type: 'error'; title: string; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; noLink: boolean }): Promise<{ response: number }>;
  /** Before the app is ready only a blocking error box can be shown. */
  showErrorBox(title: string, content: string): void;
  isReady(): boolean;
  writeClipboard(text: string): void;
  appName: string;
  appVersion: string;
}

export const COPY_DETAILS = 'Copy details';

export function errorDetails(kind: string, error: unknown, about: { appName: string; appVersion: string }): string {
  const body = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : typeof error === 'string' ? error : JSON.stringify(error, null, 2) ?? String(error);
  return redactLogText(`${about.appName} ${about.appVersion} (${process.platform}, Electron ${process.versions['electron'] ?? '-'})\n${kind}:\n${body}`);
}

export function installCrashDialog(deps: CrashDialogDeps): void {
  let open = false;
  let missed = 0;
  const show = (kind: string, error: unknown) => {
    deps.log.error(`main: ${kind}`, error);
    const details = errorDetails(kind, error, deps);
    const summary = redactLogText(error instanceof Error ? error.message : String(error)).slice(0, 500);
    const title = `${deps.appName}: unexpected error`;
    const message = 'Something went wrong inside the app. What you were doing may not have finished; your saved drafts are kept. The details are in the log (Help → Open logs folder).';
    if (!deps.isReady()) {
      deps.showErrorBox(title, `${message}\n\n${details}`);
      return;
    }
    // one dialog at a time: a storm of errors must not bury the window in dialogs
    if (open) {
      missed++;
      return;
    }
    open = true;
    void deps
      .showMessageBox({ type: 'error', title, message, detail: summary, buttons: ['Close', COPY_DETAILS], defaultId: 0, cancelId: 0, noLink: true })
      .then(({ response }) => {
        if (response === 1) deps.writeClipboard(missed > 0 ? `${details}\n\n(${missed} more error(s) while this dialog was open: see the log)` : details);
      })
      .catch((dialogError: unknown) => deps.log.error('main: the error dialog failed', dialogError))
      .finally(() => {
        open = false;
        missed = 0;
      });
  };
  deps.process.on('uncaughtException', (error) => show('uncaught exception', error));
  deps.process.on('unhandledRejection', (reason) => show('unhandled promise rejection', reason));
}
