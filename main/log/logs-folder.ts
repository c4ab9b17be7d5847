// The 'open-logs-folder' command (Help → Open logs folder, wired by the menu): opens the data
// folder's logs folder in the system file manager. Also exposed over IPC under
// `acr:open-logs-folder`, with the same sender check and payload validation as every channel.
import { mkdir } from 'node:fs/promises';
import { z } from 'zod';
import { IPC_PREFIX, type ApiResult } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { frameInfo, type IpcMainLike } from '../ipc/electron-ipc.ts';
import { isTrustedSender } from '../ipc/sender.ts';

export const OPEN_LOGS_FOLDER = 'open-logs-folder';

export interface LogsFolderDeps {
  logsDir: string;
  /** Electron's `shell.openPath`: resolves to an error message, or '' when it opened. */
  openPath(path: string): Promise<string>;
}

/** Opens the logs folder (creating it if no line was written yet); resolves to its path. */
export function openLogsFolderCommand(deps: LogsFolderDeps): () => Promise<string> {
  return async () => {
    await mkdir(deps.logsDir, { recursive: true, mode: 0o700 });
    const failure = await deps.openPath(deps.logsDir);
    if (failure) throw new AppError('open-failed', `The logs folder ${deps.logsDir} could not be opened: ${failure}`);
    return deps.logsDir;
  };
}

const noArguments = z.tuple([]);

export function registerOpenLogsFolder(ipcMain: IpcMainLike, deps: LogsFolderDeps, trustedOrigin: () => string): () => Promise<string> {
  const open = openLogsFolderCommand(deps);
  ipcMain.handle(IPC_PREFIX + OPEN_LOGS_FOLDER, async (event, ...args): Promise<ApiResult<unknown>> => {
    const frame = frameInfo(event);
    if (!isTrustedSender(frame, trustedOrigin())) {
      return { ok: false, error: { code: 'forbidden-sender', message: `${OPEN_LOGS_FOLDER} was called from ${frame?.url ?? 'an unknown frame'}, which is not the app's own window.` } };
    }
    if (!noArguments.safeParse(args).success) return { ok: false, error: { code: 'invalid-payload', message: `${OPEN_LOGS_FOLDER} takes no arguments.` } };
    try {
      return { ok: true, value: await open() };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
      return { ok: false, error: { code: 'internal', message: 'The logs folder could not be opened.' } };
    }
  });
  return open;
}
