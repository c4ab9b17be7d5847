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
  /** The draft to open, once: the drafts area takes it when it shows. */
  takeDraftToOpen(): string | null {
    const id = this.draftToOpen;
    this.draftToOpen = null;
    return id;
  }
}

export const navigation = new Navigation();
