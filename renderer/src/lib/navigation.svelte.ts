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
  go(id: ViewId) {
    this.current = id;
  }
}

export const navigation = new Navigation();
