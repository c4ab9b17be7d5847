// The settings part of the renderer's contract (preload/api.ts includes it): the app's own
// preferences (main/settings/app-settings.ts checks every value) and updates.

export type ThemeSetting = 'system' | 'light' | 'dark';
export type UpdateChannel = 'latest' | 'beta';

export interface AppSettingsView {
  theme: ThemeSetting;
  /** Minutes a registry's repository list is used before it is read again (0: every time). */
  repositoryCacheMinutes: number;
  updates: { checkAtStart: boolean; channel: UpdateChannel };
}

export interface AppSettingsPatch {
  theme?: ThemeSetting;
  repositoryCacheMinutes?: number;
  updates?: { checkAtStart?: boolean; channel?: UpdateChannel };
}

export type UpdateState = 'disabled' | 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'ready' | 'error';

export interface UpdateStatusView {
  state: UpdateState;
  version?: string;
  percent?: number;
  message?: string;
}

export interface SettingsApi {
  get(): Promise<AppSettingsView>;
  update(patch: AppSettingsPatch): Promise<AppSettingsView>;
  /** Where the app keeps its data (drafts, settings, token cache). */
  dataFolder(): Promise<string>;
  /** Opens the data folder in the OS file manager. */
  openDataFolder(): Promise<void>;
  /** Opens the logs folder (the data folder's `logs`) in the OS file manager; resolves to its path. */
  openLogsFolder(): Promise<string>;
  updateStatus(): Promise<UpdateStatusView>;
  checkForUpdates(): Promise<UpdateStatusView>;
  /** Quits and installs a downloaded update; false when none is ready. */
  restartToUpdate(): Promise<boolean>;
  onChanged(callback: (settings: AppSettingsView) => void): () => void;
  onUpdateStatus(callback: (status: UpdateStatusView) => void): () => void;
}
