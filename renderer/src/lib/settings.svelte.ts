// The app's settings as the window sees them: read once, kept current by main's change events,
// changed only through main (which checks and writes them first). One instance for the window.
import type { AppSettingsPatch, AppSettingsView, DesktopApi, UpdateStatusView } from '../../../preload/api.ts';
import { errorText } from './api.ts';

/** Until main answers, the defaults main itself starts from (main/settings/app-settings.ts). */
export const DEFAULT_REPOSITORY_CACHE_MINUTES = 15;

export class SettingsState {
  current = $state.raw<AppSettingsView | null>(null);
  update = $state.raw<UpdateStatusView | null>(null);
  dataFolder = $state<string | null>(null);
  error = $state<string | null>(null);
  #api: DesktopApi | null = null;

  /** Starts following main's settings and update status; the returned function stops. */
  connect(api: DesktopApi): () => void {
    this.#api = api;
    const offSettings = api.settings.onChanged((value) => (this.current = value));
    const offUpdates = api.settings.onUpdateStatus((status) => (this.update = status));
    void Promise.all([api.settings.get(), api.settings.updateStatus(), api.settings.dataFolder()])
      .then(([settings, status, folder]) => {
        this.current = settings;
        this.update = status;
        this.dataFolder = folder;
      })
      .catch((error: unknown) => (this.error = errorText(error)));
    return () => {
      offSettings();
      offUpdates();
    };
  }

  get repositoryCacheMinutes(): number {
    return this.current?.repositoryCacheMinutes ?? DEFAULT_REPOSITORY_CACHE_MINUTES;
  }

  async change(patch: AppSettingsPatch): Promise<void> {
    if (!this.#api) return;
    try {
      this.current = await this.#api.settings.update(patch);
      this.error = null;
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async checkForUpdates(): Promise<void> {
    if (this.#api) this.update = await this.#api.settings.checkForUpdates();
  }

  async restartToUpdate(): Promise<void> {
    if (this.#api) await this.#api.settings.restartToUpdate();
  }

  async openDataFolder(): Promise<void> {
    if (!this.#api) return;
    try {
      await this.#api.settings.openDataFolder();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async openLogsFolder(): Promise<void> {
    if (!this.#api) return;
    try {
      await this.#api.settings.openLogsFolder();
    } catch (error) {
      this.error = errorText(error);
    }
  }
}

export const appSettings = new SettingsState();
