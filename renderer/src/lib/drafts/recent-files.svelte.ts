// The recent rule-set files as the window sees them (File → Open Recent's list): read once, kept
// current by main's change events. Main's events are checked before they are believed: a list is
// only paths and names, and a request to open names one path (of the list, which main checks again).
import '../../../../core/zod-config.ts';
import { z } from 'zod';
import type { DesktopApi, RecentFileView } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import { navigation } from '../navigation.svelte.ts';

const pathSchema = z.string().min(1).max(4096);
const listSchema = z.array(z.strictObject({ path: pathSchema, name: z.string().min(1).max(4096) })).max(100);
const openRequestSchema = z.strictObject({ path: pathSchema });

/** "~/work/contoso"-like folder of a path, as shown under its name ('' for a bare name). */
export function folderOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : cut === 0 ? path.slice(0, 1) : '';
}

export class RecentFilesState {
  files = $state.raw<RecentFileView[]>([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  #api: DesktopApi | null = null;

  /** Follows main's list, and File → Open Recent's requests (the drafts area opens them); the result stops. */
  connect(api: DesktopApi): () => void {
    this.#api = api;
    const offChanged = api.recent.onChanged((payload: unknown) => {
      const parsed = listSchema.safeParse(payload);
      if (parsed.success) this.files = parsed.data;
      else console.warn('ignored a malformed recent-files list', parsed.error.issues.map((i) => i.message).join('; '));
    });
    const offOpen = api.recent.onOpenRequested((payload: unknown) => {
      const parsed = openRequestSchema.safeParse(payload);
      if (parsed.success) navigation.requestOpenRecent(parsed.data.path);
      else console.warn('ignored a malformed Open Recent request', parsed.error.issues.map((i) => i.message).join('; '));
    });
    void api.recent
      .list()
      .then((files) => {
        this.files = files;
        this.error = null;
      })
      .catch((error: unknown) => (this.error = errorText(error)))
      .finally(() => (this.loaded = true));
    return () => {
      offChanged();
      offOpen();
    };
  }

  /** Takes one file off the list (main's change event brings the new list). */
  async remove(path: string): Promise<void> {
    if (!this.#api) return;
    try {
      await this.#api.recent.remove(path);
      // at once, without waiting for main's change event: focus moves to the row that took its place
      this.files = this.files.filter((f) => f.path !== path);
      this.error = null;
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async clear(): Promise<void> {
    if (!this.#api) return;
    try {
      await this.#api.recent.clear();
      this.files = [];
      this.error = null;
    } catch (error) {
      this.error = errorText(error);
    }
  }
}

export const recentFiles = new RecentFilesState();
