// Electron glue of the app log (kept out of main/index.ts): the rotating file in the data folder,
// the crash dialog and the renderer's errors (the logs folder opens through services.ts).
import { app, clipboard, dialog, type WebContents } from 'electron';
// electron-log's node build: the same file transport as its main build, without requiring
// 'electron' itself (the app sets every path; the renderer reports through main, see renderer-errors.ts)
import log from 'electron-log/node';
import { configureFileLog, logsDirOf, setAppLogSink, type FileLogger } from './app-log.ts';
import { installCrashDialog } from './crash-dialog.ts';
import { watchRendererErrors } from './renderer-errors.ts';

export interface MainLogging {
  /** Logs this webContents' errors (every one the app creates). */
  watch(contents: WebContents): void;
}

export function startMainLogging(dataDir: string): MainLogging {
  const logsDir = logsDirOf(dataDir);
  configureFileLog(log as unknown as FileLogger, { logsDir });
  setAppLogSink(log);
  log.info(`${app.getName()} ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform})`);
  installCrashDialog({
    log,
    process,
    showMessageBox: (options) => dialog.showMessageBox(options),
    showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    isReady: () => app.isReady(),
    writeClipboard: (text) => clipboard.writeText(text),
    appName: app.getName(),
    appVersion: app.getVersion(),
  });
  return {
    watch: (contents) => watchRendererErrors(contents, log),
  };
}
