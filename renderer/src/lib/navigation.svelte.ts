export type ViewId = 'drafts' | 'registries' | 'about';

export interface ViewEntry {
  id: ViewId;
  label: string;
  shortcut: string;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'drafts', label: 'Drafts', shortcut: '1' },
  { id: 'registries', label: 'Registries', shortcut: '2' },
  { id: 'about', label: 'About', shortcut: '3' },
];

class Navigation {
  current = $state<ViewId>('drafts');
  /** A draft another area asked the drafts area to open (e.g. one just imported from a registry). */
  draftToOpen = $state<string | null>(null);
  go(id: ViewId) {
    this.current = id;
  }
  openDraft(id: string) {
    this.draftToOpen = id;
    this.current = 'drafts';
  }
  /** Rule-set files dropped on the window (and those refused, with why), for the drafts area to import when it shows. */
  dropped = $state.raw<{ files: readonly { name: string; text: string }[]; refused: readonly string[] }>({ files: [], refused: [] });
  importDropped(files: readonly { name: string; text: string }[], refused: readonly string[]) {
    this.dropped = { files: [...this.dropped.files, ...files], refused: [...this.dropped.refused, ...refused] };
    this.current = 'drafts';
  }
  takeDropped(): { files: readonly { name: string; text: string }[]; refused: readonly string[] } {
    const dropped = this.dropped;
    this.dropped = { files: [], refused: [] };
    return dropped;
  }
  /** The draft to open, once: the drafts area takes it when it shows. */
  takeDraftToOpen(): string | null {
    const id = this.draftToOpen;
    this.draftToOpen = null;
    return id;
  }
}

export const navigation = new Navigation();
