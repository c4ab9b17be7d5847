// Electron glue of the app log (kept out of main/index.ts): the rotating file in the data folder,
// the crash dialog, the renderer's errors and the 'open-logs-folder' command.
import { app, clipboard, dialog, ipcMain, shell, type WebContents } from 'electron';
// electron-log's node build: the same file transport as its main build, without requiring
// 'electron' itself (the app sets every path; the renderer reports through main, see renderer-errors.ts)
import log from 'electron-log/node';
import { configureFileLog, logsDirOf, setAppLogSink, type FileLogger } from './app-log.ts';
import { installCrashDialog } from './crash-dialog.ts';
import { registerOpenLogsFolder } from './logs-folder.ts';
import { watchRendererErrors } from './renderer-errors.ts';

export interface MainLogging {
  /** Logs this webContents' errors (every one the app creates). */
  watch(contents: WebContents): void;
  /**
   * Registers the 'open-logs-folder' IPC channel (`acr:open-logs-folder`) and returns the command;
   * left to the menu's wiring (Help → Open logs folder), not called from index.ts yet.
   */
  registerIpc(trustedOrigin: () => string): () => Promise<string>;
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
    registerIpc: (trustedOrigin) => registerOpenLogsFolder(ipcMain, { logsDir, openPath: (path) => shell.openPath(path) }, trustedOrigin),
  };
}
