// Composition root of the main-process services. Plain code with no electron import: the Electron
// entry, the unit tests and the e2e harness all build the app through this one function.
import { join } from 'node:path';
import { AppError } from './app-error.ts';
import { ensureDataDir } from './data-dir.ts';
import { createAzureIntegration, type AzureIntegrationOptions } from './azure/integration.ts';
import { createDraftService, type FileDialogs } from './drafts/service.ts';
import { engineRuleChecker, engineRuleSetCodec } from './drafts/engine-adapters.ts';
import { openDraftStore } from './drafts/store.ts';
import { openRecentFiles } from './drafts/recent-files.ts';
import { createOpenRecent, type OpenRecent, type OsRecentDocuments } from './drafts/open-recent.ts';
import { recentHandlers } from './handlers/recent.ts';
import { createEventHub, type EventHub } from './events.ts';
import { appHandlers, type RuntimeInfo } from './handlers/app.ts';
import { draftHandlers } from './handlers/drafts.ts';
import { migrateHandlers } from './handlers/migrate.ts';
import { settingsHandlers } from './handlers/settings.ts';
import { openAppSettings, type AppSettingsStore } from './settings/app-settings.ts';
import { createUpdateService, type Updater } from './shell/update-service.ts';
import { emitEvent } from './typed-events.ts';
import { createManifestFiles } from './migrate/manifest-files.ts';
import { probeHandlers } from './handlers/probe.ts';
import { cacheHandlers } from './handlers/cache.ts';
import { createCacheService } from './cache/cache-service.ts';
import { syncHandlers } from './handlers/sync.ts';
import type { ProbeOptions } from './probe/upstream-probe.ts';
import { createSyncService } from './sync/sync-service.ts';
import { createIpcRouter, type IpcRouter } from './ipc/router.ts';
import type { DraftState } from '../preload/api.ts';
import { logsDirOf } from './log/app-log.ts';
import { openLogsFolderCommand } from './log/logs-folder.ts';

export interface MainServicesOptions {
  dataDir: string;
  runtime: RuntimeInfo;
  openExternal: (url: string) => Promise<void>;
  /** OS file dialogs; the e2e harness answers them itself. Without them import/export say so. */
  dialogs?: FileDialogs;
  onInternalError?: (channel: string, error: unknown) => void;
  /** Azure sign-in and ARM: browser, keychain, cloud endpoints and TLS trust (tests: emulators). */
  azure?: AzureIntegrationOptions;
  /** electron-updater's autoUpdater in a packaged app; null or absent: this build does not update. */
  updater?: Updater | null;
  /** Opens a folder in the OS file manager (Electron's shell.openPath). */
  openPath?: (path: string) => Promise<void>;
  /** Where the live upstream probe sends its requests (tests: a local registry). */
  probe?: ProbeOptions;
  /** The OS's recent documents (Electron's app.addRecentDocument / clearRecentDocuments). */
  osRecentDocuments?: OsRecentDocuments;
}

export interface MainServices {
  router: IpcRouter;
  events: EventHub;
  settings: AppSettingsStore;
  /** Recently imported and exported files: File → Open Recent and the drafts area's list. */
  recentFiles: OpenRecent;
  /** Imports a rule-set file main was asked to open (a file the OS opened with the app), as File → Import does. */
  importPath(path: string): Promise<DraftState>;
  /** The check at start (unless turned off); called once the window is up. */
  startUpdates(): Promise<void>;
  /** Opens the logs folder (Help → Open Logs Folder runs the same command as the Settings view). */
  openLogsFolder(): Promise<string>;
  dispose(): Promise<void>;
}

const noDialogs: FileDialogs = {
  openRuleSetFile: () => Promise.reject(new AppError('no-file-dialog', 'This build of the app has no file dialog; paste the file instead.')),
  saveRuleSetFile: () => Promise.reject(new AppError('no-file-dialog', 'This build of the app has no file dialog; copy the YAML instead.')),
  saveExportFile: () => Promise.reject(new AppError('no-file-dialog', 'This build of the app has no file dialog; copy the export instead.')),
};

const noManifestDialog = () => Promise.reject(new AppError('no-file-dialog', 'This build of the app has no file dialog; paste the manifest instead.'));

export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const events = createEventHub();
  // A folder that cannot be made is reported by the draft store in the window, not thrown here.
  // Created 0700 (and tightened if it exists): drafts, settings and the token cache live here.
  await ensureDataDir(options.dataDir).catch(() => undefined);
  // Open Recent's list (15.4): every file imported or exported through the drafts service
  const recentFiles = await openRecentFiles(options.dataDir);
  const reportRecent = (what: string, error: unknown) => options.onInternalError?.(`recent-files: ${what}`, error);
  const drafts = createDraftService({
    // not awaited by the import or export it follows; quitting waits for it (recentFiles.flush)
    onFileUsed: (path, kind) => void recent.record(path, kind).catch((error: unknown) => reportRecent('record', error)),
    store: await openDraftStore(options.dataDir),
    dialogs: options.dialogs ?? noDialogs,
    codec: engineRuleSetCodec,
    checker: engineRuleChecker,
  });
  const recent = createOpenRecent({
    recentFiles,
    importPath: (path) => drafts.importPath(path),
    events,
    ...(options.osRecentDocuments ? { os: options.osRecentDocuments } : {}),
    onError: reportRecent,
  });
  const azure = await createAzureIntegration({ dataDir: options.dataDir, events, openExternal: options.openExternal }, options.azure);
  const dialogs = options.dialogs ?? noDialogs;
  const sync = createSyncService({ drafts, azure: azure.azure, applyAzure: azure.applyAzure, applyBudget: azure.applyBudget, journalDir: join(options.dataDir, 'apply-journal'), events, dialogs });
  const settings = await openAppSettings(options.dataDir);
  settings.onChange((value) => emitEvent(events, 'settings.onChanged', value));
  const updates = createUpdateService({
    updater: options.updater ?? null,
    settings: () => settings.get().updates,
    onStatus: (status) => emitEvent(events, 'settings.onUpdateStatus', status),
  });
  const openPath = options.openPath ?? (() => Promise.reject(new AppError('no-file-manager', 'This build of the app cannot open folders; the path is shown above.')));
  const openLogsFolder = openLogsFolderCommand({ logsDir: logsDirOf(options.dataDir), openPath });
  const router = createIpcRouter(
    {
      app: appHandlers({ runtime: options.runtime, dataDir: options.dataDir, openExternal: options.openExternal }),
      drafts: draftHandlers(drafts),
      sync: syncHandlers(sync),
      probe: probeHandlers(options.probe ?? {}),
      cache: cacheHandlers(
        createCacheService({
          azure: azure.azure,
          events,
          ...(options.azure?.tlsCa ? { tlsCa: options.azure.tlsCa } : {}),
          ...(dialogs.saveCsvFile ? { saveCsvFile: (name: string) => dialogs.saveCsvFile!(name) } : {}),
        }),
      ),
      recent: recentHandlers(recent),
      settings: settingsHandlers({ settings, updates, dataDir: options.dataDir, openPath, openLogsFolder }),
      migrate: migrateHandlers(createManifestFiles({ openManifests: (pick) => (dialogs.openManifests ?? noManifestDialog)(pick) })),
      ...azure.handlers,
    },
    { onInternalError: options.onInternalError },
  );
  return {
    router,
    events,
    settings,
    recentFiles: recent,
    importPath: (path) => drafts.importPath(path),
    startUpdates: () => updates.start(),
    openLogsFolder,
    async dispose() {
      recent.dispose();
      drafts.dispose();
      // a recent-files write still in flight would land after the data folder's owner moved on
      await recentFiles.flush();
      await azure.dispose();
    },
  };
}
