// The 'open logs folder' command: Help → Open Logs Folder (main/shell/menu-template.ts) and the
// Settings view's button (IPC `settings.openLogsFolder`, through the router: the same sender check
// and zod validation of its arguments as every channel) both run this one function.
import { mkdir } from 'node:fs/promises';
import { AppError } from '../app-error.ts';

export interface LogsFolderDeps {
  logsDir: string;
  /** Opens a folder in the OS file manager (Electron's `shell.openPath`); rejects when it cannot. */
  openPath(path: string): Promise<void>;
}

/** Opens the logs folder (creating it if no line was written yet); resolves to its path. */
export function openLogsFolderCommand(deps: LogsFolderDeps): () => Promise<string> {
  return async () => {
    await mkdir(deps.logsDir, { recursive: true, mode: 0o700 });
    try {
      await deps.openPath(deps.logsDir);
    } catch (error) {
      throw new AppError('open-failed', `The logs folder ${deps.logsDir} could not be opened: ${error instanceof Error ? error.message : String(error)}`);
    }
    return deps.logsDir;
  };
}
