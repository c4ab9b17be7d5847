import { z } from 'zod';
import type { HandlerTable } from '../ipc/router.ts';
import { appSettingsUpdateSchema, type AppSettingsStore } from '../settings/app-settings.ts';
import type { UpdateService } from '../shell/update-service.ts';

export function settingsHandlers(deps: {
  settings: AppSettingsStore;
  updates: UpdateService;
  dataDir: string;
  openPath: (path: string) => Promise<void>;
  /** Help → Open Logs Folder's command (main/log/logs-folder.ts). */
  openLogsFolder: () => Promise<string>;
}): HandlerTable['settings'] {
  return {
    get: { args: z.tuple([]), handle: () => deps.settings.get() },
    update: { args: z.tuple([appSettingsUpdateSchema]), handle: (patch) => deps.settings.update(patch) },
    dataFolder: { args: z.tuple([]), handle: () => deps.dataDir },
    openDataFolder: { args: z.tuple([]), handle: () => deps.openPath(deps.dataDir) },
    openLogsFolder: { args: z.tuple([]), handle: () => deps.openLogsFolder() },
    updateStatus: { args: z.tuple([]), handle: () => deps.updates.status() },
    checkForUpdates: { args: z.tuple([]), handle: () => deps.updates.check() },
    restartToUpdate: { args: z.tuple([]), handle: () => deps.updates.restart() },
  };
}
