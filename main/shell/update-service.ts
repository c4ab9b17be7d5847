// Updates through electron-updater (GitHub releases, see `publish` in electron-builder.yml): a
// check at start unless the user turned it off, a download in the background, and "Restart to
// update" in the window once it is ready. Only a packaged app updates; a development or test run
// says so instead of pretending. The updater is injected, so this is tested without Electron.

export type UpdateState = 'disabled' | 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'error';

export interface UpdateStatus {
  readonly state: UpdateState;
  /** The version on offer (downloading, ready). */
  readonly version?: string;
  /** Download progress, 0–100. */
  readonly percent?: number;
  /** Why updates are off, or what went wrong, in words. */
  readonly message?: string;
}

/** The part of electron-updater's AppUpdater used here. */
export interface Updater {
  autoDownload: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateSettings {
  checkAtStart: boolean;
  channel: 'latest' | 'beta';
}

export interface UpdateServiceOptions {
  /** null when this build cannot update (not packaged): the reason is shown. */
  updater: Updater | null;
  settings: () => UpdateSettings;
  onStatus: (status: UpdateStatus) => void;
}

export function createUpdateService(options: UpdateServiceOptions) {
  let status: UpdateStatus = options.updater
    ? { state: 'idle' }
    : { state: 'disabled', message: 'This build of the app does not update itself (a development or source build); install a release to get updates.' };
  const set = (next: UpdateStatus) => {
    status = next;
    options.onStatus(status);
  };
  const updater = options.updater;
  if (updater) {
    updater.autoDownload = true;
    updater.on('checking-for-update', () => set({ state: 'checking' }));
    updater.on('update-not-available', () => set({ state: 'up-to-date' }));
    updater.on('update-available', (info) => set({ state: 'downloading', version: info.version, percent: 0 }));
    updater.on('download-progress', (progress) => set({ ...status, state: 'downloading', percent: Math.round(progress.percent) }));
    updater.on('update-downloaded', (info) => set({ state: 'ready', version: info.version }));
    // offline, rate-limited or a release without this platform's files: say it, never crash
    updater.on('error', (error) => set({ state: 'error', message: `Could not check for updates: ${error.message.split('\n')[0]}` }));
  }

  async function check(): Promise<UpdateStatus> {
    if (!updater) return status;
    const { channel } = options.settings();
    updater.channel = channel;
    updater.allowPrerelease = channel === 'beta';
    try {
      await updater.checkForUpdates();
    } catch (error) {
      set({ state: 'error', message: `Could not check for updates: ${(error as Error).message.split('\n')[0]}` });
    }
    return status;
  }

  return {
    status: () => status,
    /** The check at start, unless the user turned it off. */
    async start(): Promise<void> {
      if (updater && options.settings().checkAtStart) await check();
    },
    check,
    /** Quits and installs the downloaded update; refused until one is ready. */
    restart(): boolean {
      if (!updater || status.state !== 'ready') return false;
      updater.quitAndInstall();
      return true;
    },
  };
}

export type UpdateService = ReturnType<typeof createUpdateService>;
