// The credential setups of one registry that stopped with something still in Azure — this run's,
// or recorded before the app restarted (main keeps the record) — each offered for Undo or Keep.
import type { CredentialSetupView, DesktopApi } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';

export class UnfinishedSetups {
  readonly #api: DesktopApi;
  readonly #registryId: string;
  items = $state.raw<CredentialSetupView[]>([]);
  /** The flow whose undo or keep is under way. */
  busy = $state<string | null>(null);
  error = $state<string | null>(null);
  /** What the last undo did, once it removed everything. */
  done = $state<string | null>(null);

  constructor(api: DesktopApi, registryId: string) {
    this.#api = api;
    this.#registryId = registryId.toLowerCase();
  }

  async load(): Promise<void> {
    try {
      const all = await this.#api.credentialSetup.unfinished();
      this.items = all.filter((view) => view.registryId.toLowerCase() === this.#registryId);
    } catch (error) {
      this.error = errorText(error);
    }
  }

  #replace(view: CredentialSetupView): void {
    this.items = this.items.map((item) => (item.flowId === view.flowId ? view : item));
  }

  /** Removes what the setup made; progress replaces the item as main reports it. */
  async undo(flowId: string): Promise<CredentialSetupView | null> {
    if (this.busy) return null;
    this.busy = flowId;
    this.error = null;
    this.done = null;
    const stop = this.#api.credentialSetup.onProgress((view) => {
      if (view.flowId === flowId) this.#replace(view);
    });
    try {
      const view = await this.#api.credentialSetup.undo(flowId);
      if (view.state === 'undone') {
        this.items = this.items.filter((item) => item.flowId !== flowId);
        this.done = `Removed what the setup of "${view.setName}" made.`;
      } else {
        this.#replace(view);
      }
      return view;
    } catch (error) {
      this.error = errorText(error);
      return null;
    } finally {
      stop();
      this.busy = null;
    }
  }

  /** Leaves what the setup made in Azure and stops offering its undo. */
  async keep(flowId: string): Promise<void> {
    if (this.busy) return;
    this.busy = flowId;
    this.error = null;
    this.done = null;
    try {
      await this.#api.credentialSetup.keep(flowId);
      this.items = this.items.filter((item) => item.flowId !== flowId);
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.busy = null;
    }
  }
}
