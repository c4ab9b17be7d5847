import type { CommandId } from '../../../core/keymap.ts';
import type { DroppedRuleSet } from './drop-import.ts';
import type { OpenedFileEvent } from '../../../preload/api.ts';

export type ViewId = 'drafts' | 'registries' | 'settings' | 'about';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** The keymap command that goes there (its keys are shown next to the sidebar entry). */
  command: CommandId;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'drafts', label: 'Drafts', command: 'go.drafts' },
  { id: 'registries', label: 'Registries', command: 'go.registries' },
  { id: 'settings', label: 'Settings', command: 'go.settings' },
  { id: 'about', label: 'About', command: 'go.about' },
];

class Navigation {
  current = $state<ViewId>('drafts');
  /** A draft another area asked the drafts area to open (e.g. one just imported from a registry). */
  draftToOpen = $state<string | null>(null);
  /**
   * A drafts-list dialog asked for from elsewhere (palette, menu): "New draft…" or "Paste…". The
   * drafts list opens it (leaving an open draft first; every edit of it is already saved).
   */
  listDialogRequested = $state<'create' | 'paste' | null>(null);
  /** File → Import… from the palette or the menu: the drafts area runs the import (main's file dialog). */
  importRequested = $state(false);
  go(id: ViewId) {
    this.current = id;
  }
  requestNewDraft() {
    this.listDialogRequested = 'create';
    this.current = 'drafts';
  }
  requestPaste() {
    this.listDialogRequested = 'paste';
    this.current = 'drafts';
  }
  requestImport() {
    this.importRequested = true;
    this.current = 'drafts';
  }
  /** A recent file to import again (File → Open Recent, the palette's Open recent…): the drafts area opens it. */
  recentToOpen = $state<string | null>(null);
  requestOpenRecent(path: string) {
    this.recentToOpen = path;
    this.current = 'drafts';
  }
  takeRecentToOpen(): string | null {
    const path = this.recentToOpen;
    this.recentToOpen = null;
    return path;
  }
  openDraft(id: string) {
    this.draftToOpen = id;
    this.current = 'drafts';
  }
  /** Rule-set files dropped on the window (and those refused, with why), for the drafts area to import when it shows. */
  dropped = $state.raw<{ files: readonly DroppedRuleSet[]; refused: readonly string[] }>({ files: [], refused: [] });
  importDropped(files: readonly DroppedRuleSet[], refused: readonly string[]) {
    this.dropped = { files: [...this.dropped.files, ...files], refused: [...this.dropped.refused, ...refused] };
    this.current = 'drafts';
  }
  takeDropped(): { files: readonly DroppedRuleSet[]; refused: readonly string[] } {
    const dropped = this.dropped;
    this.dropped = { files: [], refused: [] };
    return dropped;
  }
  /** Files the OS opened with the app (main imported them), for the drafts area to open or report when it shows. */
  opened = $state.raw<readonly OpenedFileEvent[]>([]);
  fileOpened(event: OpenedFileEvent) {
    this.opened = [...this.opened, event];
    this.current = 'drafts';
  }
  takeOpened(): readonly OpenedFileEvent[] {
    const opened = this.opened;
    this.opened = [];
    return opened;
  }
  /** The draft to open, once: the drafts area takes it when it shows. */
  takeDraftToOpen(): string | null {
    const id = this.draftToOpen;
    this.draftToOpen = null;
    return id;
  }
}

export const navigation = new Navigation();
