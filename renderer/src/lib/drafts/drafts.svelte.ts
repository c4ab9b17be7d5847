// The drafts area: the list of drafts, the store's health, and which draft is open. Every change
// goes through the main process (which writes it to disk at once); this class only mirrors what
// main answered, so the renderer never holds unsaved state about drafts themselves.
import type { DesktopApi, DraftState, DraftStoreStatus, DraftSummary, OpenedFileEvent, RuleSetFormat } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import { count } from '../strings.ts';
import { RepositoryCache } from '../azure/repository-cache.svelte.ts';
import { DraftDocument } from '../documents/draft-document.svelte.ts';
import { Workspace } from './workspace.svelte.ts';

export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  readonly text: string;
}

export class DraftsState {
  readonly #api: DesktopApi;
  list = $state.raw<DraftSummary[]>([]);
  status = $state.raw<DraftStoreStatus | null>(null);
  /** The recovery notice stays until the user dismisses it. */
  recoveryDismissed = $state(false);
  /** Likewise the notice of drafts set aside, a file repaired or results unsaved (a store problem stays). */
  storeNoticesDismissed = $state(false);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  busy = $state(false);
  workspace = $state.raw<Workspace | null>(null);
  notices = $state.raw<Notice[]>([]);
  /** Why the last call was refused, for a dialog to show in place (it covers the notices). */
  lastError = $state<string | null>(null);
  #nextNotice = 1;
  /** Repositories of the registries drafts are linked to, shared by every draft opened. */
  readonly repositories: RepositoryCache;

  constructor(api: DesktopApi) {
    this.#api = api;
    this.repositories = new RepositoryCache(api);
  }

  get api(): DesktopApi {
    return this.#api;
  }

  async load(): Promise<void> {
    try {
      const [status, list] = await Promise.all([this.#api.drafts.status(), this.#api.drafts.list()]);
      this.status = status;
      this.list = list;
      this.loadError = null;
    } catch (error) {
      this.loadError = errorText(error);
    } finally {
      this.loaded = true;
    }
  }

  notify(kind: Notice['kind'], text: string): void {
    const notice = { id: this.#nextNotice++, kind, text };
    this.notices = [...this.notices.slice(-3), notice];
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** Runs one call to main; a refusal becomes a notice and the result is null. */
  async run<T>(action: () => Promise<T>): Promise<T | null> {
    this.busy = true;
    this.lastError = null;
    try {
      return await action();
    } catch (error) {
      this.lastError = errorText(error);
      this.notify('error', this.lastError);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async #refreshList(): Promise<void> {
    const list = await this.run(() => this.#api.drafts.list());
    if (list) this.list = list;
  }

  #show(state: DraftState): void {
    if (this.workspace?.draft.id === state.draft.id) this.workspace.replace(state);
    else this.workspace = new Workspace(new DraftDocument(this.#api, state, this.repositories), this);
  }

  async open(id: string): Promise<void> {
    const state = await this.run(() => this.#api.drafts.open(id));
    if (state) this.#show(state);
  }

  close(): void {
    this.workspace = null;
    void this.#refreshList();
  }

  async create(name: string, registry: string): Promise<boolean> {
    const input = registry.trim() === '' ? { name } : { name, registry: registry.trim() };
    const state = await this.run(() => this.#api.drafts.create(input));
    if (!state) return false;
    this.#show(state);
    await this.#refreshList();
    return true;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const state = await this.run(() => this.#api.drafts.rename(id, name));
    if (!state) return false;
    if (this.workspace?.draft.id === id) this.workspace.replace(state);
    await this.#refreshList();
    return true;
  }

  async duplicate(id: string): Promise<void> {
    const state = await this.run(() => this.#api.drafts.duplicate(id));
    if (!state) return;
    this.notify('info', `Duplicated as "${state.draft.name}".`);
    await this.#refreshList();
  }

  async remove(id: string): Promise<void> {
    const done = await this.run(async () => {
      await this.#api.drafts.remove(id);
      return true;
    });
    if (!done) return;
    if (this.workspace?.draft.id === id) this.workspace = null;
    await this.#refreshList();
  }

  async #showImported(state: DraftState): Promise<void> {
    this.#show(state);
    this.notify('info', `Imported "${state.draft.name}" with ${count(state.draft.ruleSet.rules.length, 'rule')}.`);
    await this.#refreshList();
  }

  async importFile(): Promise<void> {
    const state = await this.run(() => this.#api.drafts.importFile());
    if (state) await this.#showImported(state);
  }

  /** `droppedFrom`: the dropped file's path, for Open Recent (main records it if the file holds this text). */
  async importText(name: string, text: string, droppedFrom?: string): Promise<boolean> {
    const state = await this.run(() => this.#api.drafts.importText(name, text));
    if (!state) return false;
    if (droppedFrom) {
      // a convenience only: the draft is there whatever the list says
      void this.#api.recent.recordDropped(droppedFrom, text).catch((error: unknown) => console.warn('the dropped file was not added to Open Recent', error));
    }
    await this.#showImported(state);
    return true;
  }

  /** Imports a recent file again as a new draft; one that is gone is taken off the list and the notice says so. */
  async openRecent(path: string): Promise<boolean> {
    const state = await this.run(() => this.#api.recent.open(path));
    if (!state) return false;
    await this.#showImported(state);
    return true;
  }

  /** A file the OS opened with the app, already imported by main: its draft opens, as after File → Import, or the refusal shows. */
  async showOpenedFile(event: OpenedFileEvent): Promise<void> {
    if (!event.ok) {
      this.notify('error', event.message);
      return;
    }
    const state = await this.run(() => this.#api.drafts.open(event.draftId));
    if (state) await this.#showImported(state);
  }

  async exportFile(id: string, format: RuleSetFormat): Promise<void> {
    const path = await this.run(() => this.#api.drafts.exportFile(id, format));
    if (path) this.notify('info', `Exported to ${path}`);
  }
}
