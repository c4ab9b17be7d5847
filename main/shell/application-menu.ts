// Installs the application menu and keeps it current: File → Open Recent is rebuilt whenever the
// recent-files list changes (Electron menus cannot change an item list in place). Also the OS's
// own recent documents (Windows jump list, macOS dock menu). Electron comes in as parameters, so
// the main entry stays a few lines and tests drive this with fakes.
import type { OpenRecent, OsRecentDocuments } from '../drafts/open-recent.ts';
import type { EventHub } from '../events.ts';
import { electronMenuTemplate, type ElectronMenuItem } from './app-menu.ts';
import type { MainAction, MenuOptions } from './menu-template.ts';

export interface ElectronMenuModule<M> {
  buildFromTemplate(template: ElectronMenuItem[]): M;
  setApplicationMenu(menu: M | null): void;
}

export interface ApplicationMenuDeps {
  events: EventHub;
  /** Main's own actions; Clear Recently Opened is this module's. */
  actions: Readonly<Record<Exclude<MainAction, 'clear-recent-files'>, () => void>>;
  recent: Pick<OpenRecent, 'list' | 'onChange' | 'clear' | 'requestOpen'>;
  /**
   * Brings the window to the front before a recent file opens in it; false when there is no window
   * yet (macOS keeps running windowless), and the file then goes through `openWithoutWindow`.
   */
  showWindow: () => boolean;
  /** Imports the file for a window still to come (the open-files queue delivers it once it loads). */
  openWithoutWindow?: (path: string) => void;
  onError: (what: string, error: unknown) => void;
}

/** Sets the menu now and again after each change of the recent files; the result stops that. */
export function installApplicationMenu<M>(menu: ElectronMenuModule<M>, options: Omit<MenuOptions, 'recentFiles'>, deps: ApplicationMenuDeps): () => void {
  const set = () =>
    menu.setApplicationMenu(
      menu.buildFromTemplate(
        electronMenuTemplate(
          { ...options, recentFiles: deps.recent.list() },
          {
            events: deps.events,
            actions: { ...deps.actions, 'clear-recent-files': () => void deps.recent.clear().catch((error: unknown) => deps.onError('clear the recent files', error)) },
            openRecentFile: (path) => {
              // a request to a window that does not exist yet would be lost
              if (deps.showWindow() || !deps.openWithoutWindow) deps.recent.requestOpen(path);
              else deps.openWithoutWindow(path);
            },
          },
        ),
      ),
    );
  set();
  return deps.recent.onChange(set);
}

interface ElectronAppRecents {
  addRecentDocument?(path: string): void;
  clearRecentDocuments?(): void;
}

/**
 * Electron's recent documents, where the OS has them (Windows and macOS; Electron documents
 * neither call on Linux, whose desktops keep no such per-app list): undefined elsewhere.
 */
export function electronRecentDocuments(app: ElectronAppRecents, platform: NodeJS.Platform): OsRecentDocuments | undefined {
  if (platform !== 'win32' && platform !== 'darwin') return undefined;
  const { addRecentDocument, clearRecentDocuments } = app;
  if (typeof addRecentDocument !== 'function' || typeof clearRecentDocuments !== 'function') return undefined;
  return { add: (path) => addRecentDocument.call(app, path), clear: () => clearRecentDocuments.call(app) };
}
