// The registries area: which live registry is open (its document and working surface), the
// area's notices, and importing a registry into a draft.
import type { DesktopApi } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import type { Notice } from '../drafts/drafts.svelte.ts';
import { Workspace } from '../drafts/workspace.svelte.ts';
import type { AzureState, RegistryEntry } from './azure.svelte.ts';
import { RegistryDocument } from './registry-document.svelte.ts';

export interface OpenRegistry {
  entry: RegistryEntry;
  document: RegistryDocument;
  workspace: Workspace;
}

export class RegistriesState {
  readonly azure: AzureState;
  readonly #api: DesktopApi;
  opened = $state.raw<OpenRegistry | null>(null);
  notices = $state.raw<Notice[]>([]);
  filter = $state('');
  #nextNotice = 1;

  constructor(azure: AzureState) {
    this.azure = azure;
    this.#api = azure.api;
  }

  notify(kind: Notice['kind'], text: string): void {
    this.notices = [...this.notices.slice(-3), { id: this.#nextNotice++, kind, text }];
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  open(entry: RegistryEntry): void {
    const document = new RegistryDocument(this.#api, entry.ref, entry.registry);
    this.opened = { entry, document, workspace: new Workspace(document, this) };
    void document.reload();
  }

  close(): void {
    this.opened = null;
  }

  /** Copies the registry into a new linked draft; the draft's id, or the refusal as a sentence. */
  async importIntoDraft(entry: RegistryEntry, name: string): Promise<{ draftId: string } | { error: string }> {
    try {
      const state = await this.#api.sync.importRegistry(entry.ref, entry.registry.loginServer, name);
      return { draftId: state.draft.id };
    } catch (error) {
      return { error: errorText(error) };
    }
  }
}
