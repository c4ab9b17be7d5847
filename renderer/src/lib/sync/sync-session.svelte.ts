// Plan & apply for one open draft: the target registry, the prune choice, conflict resolutions,
// the plan main made, and the apply running or finished. Every plan and apply is main's answer;
// this class only holds the latest one and the user's choices.
import { count } from '../strings.ts';
import type { ApplyProgressEvent, DesktopApi, PlanRequest, PlanView, RegistryRef, Resolution } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import type { AzureState } from '../azure/azure.svelte.ts';
import type { Workspace } from '../drafts/workspace.svelte.ts';
import { advance, settle, startRun, type ApplyRun } from './apply-progress.ts';
import { applyGate, type ApplyGate } from './plan-view.ts';

export interface SyncTarget {
  readonly registry: RegistryRef;
  readonly loginServer: string;
  /** The registry the draft was imported from (drift is checked against it). */
  readonly linked: boolean;
  readonly importedAt: string | null;
}

export interface SyncHost {
  notify(kind: 'info' | 'error', text: string): void;
}

export class SyncSession {
  readonly #api: DesktopApi;
  readonly #host: SyncHost;
  readonly workspace: Workspace;
  /** Signed-in accounts and the registries they reach (shared with the account menu). */
  readonly azure: AzureState;

  /** Another registry than the linked one ("copy to another registry"); null: the linked one. */
  other = $state.raw<SyncTarget | null>(null);
  prune = $state(false);
  resolutions = $state.raw<Readonly<Record<string, Resolution>>>({});
  plan = $state.raw<PlanView | null>(null);
  /** The draft version and choices the plan was made for: a plan of anything else is stale. */
  planKey = $state<string | null>(null);
  planning = $state(false);
  planError = $state<string | null>(null);
  run = $state.raw<ApplyRun | null>(null);
  applying = $state(false);
  applyError = $state<string | null>(null);

  constructor(api: DesktopApi, workspace: Workspace, azure: AzureState, host: SyncHost) {
    this.#api = api;
    this.workspace = workspace;
    this.azure = azure;
    this.#host = host;
  }

  get draftId(): string {
    return this.workspace.draft.id;
  }

  get linkedTarget(): SyncTarget | null {
    const link = this.workspace.draft.link;
    return link === undefined ? null : { registry: link.registry, loginServer: link.loginServer, linked: true, importedAt: link.importedAt };
  }

  get target(): SyncTarget | null {
    return this.other ?? this.linkedTarget;
  }

  /** Whether the account the target registry is reached through is signed in. */
  get signedIn(): boolean {
    const target = this.target;
    const accounts = this.azure.accounts;
    if (target === null) return accounts.length > 0;
    return accounts.some((a) => a.id === target.registry.accountId);
  }

  #currentKey(): string {
    const t = this.target;
    return JSON.stringify([this.workspace.draft.updatedAt, t?.registry.registryId.toLowerCase() ?? null, t?.registry.accountId ?? null, this.prune]);
  }

  /** The plan is for another version of the draft, target or prune choice. */
  get stale(): boolean {
    return this.plan !== null && this.planKey !== this.#currentKey();
  }

  get gate(): ApplyGate {
    const plan = this.plan;
    if (plan === null) return { canApply: false, reasons: ['Plan first.'] };
    if (this.stale) return { canApply: false, reasons: ['The draft or your choices changed since this plan: plan again.'] };
    return applyGate(plan);
  }

  chooseOther(target: { registry: RegistryRef; loginServer: string } | null): void {
    const linked = this.linkedTarget;
    if (target !== null && linked !== null && linked.registry.registryId.toLowerCase() === target.registry.registryId.toLowerCase()) {
      this.other = null;
    } else {
      this.other = target === null ? null : { registry: target.registry, loginServer: target.loginServer, linked: false, importedAt: null };
    }
    this.resolutions = {};
    this.plan = null;
    this.run = null;
    // the draft's targets are checked against the registry it will be planned against
    this.workspace.linkRepositories(this.other === null ? null : { registry: this.other.registry, loginServer: this.other.loginServer });
  }

  setPrune(prune: boolean): void {
    this.prune = prune;
  }

  #request(): PlanRequest | null {
    const target = this.target;
    if (target === null) return null;
    const base: PlanRequest = { draftId: this.draftId, prune: this.prune, resolutions: { ...this.resolutions } };
    return target.linked ? base : { ...base, registry: target.registry, loginServer: target.loginServer };
  }

  async makePlan(): Promise<void> {
    const request = this.#request();
    if (request === null) {
      this.planError = 'This draft was not imported from a registry: pick the registry to plan against.';
      return;
    }
    const key = this.#currentKey();
    this.planning = true;
    this.planError = null;
    this.applyError = null;
    try {
      const plan = await this.#api.sync.plan(request);
      this.plan = plan;
      this.planKey = key;
      this.run = null;
      // resolutions for conflicts that are gone would be stale choices
      const ids = new Set(plan.conflicts.map((c) => c.id));
      const kept = Object.fromEntries(Object.entries(this.resolutions).filter(([id]) => ids.has(id)));
      if (Object.keys(kept).length !== Object.keys(this.resolutions).length) this.resolutions = kept;
    } catch (error) {
      this.planError = errorText(error);
    } finally {
      this.planning = false;
    }
  }

  /**
   * Keep mine for one conflict: a choice for this plan (the apply writes mine). Take theirs: main
   * writes the registry's version into the draft and its baseline (one undoable edit), so no later
   * plan proposes overwriting it; the conflict is then gone from the plan main made again.
   */
  async resolve(conflictId: string, resolution: Resolution): Promise<void> {
    if (resolution === 'theirs') return this.#takeTheirs([conflictId]);
    this.resolutions = { ...this.resolutions, [conflictId]: resolution };
    await this.makePlan();
  }

  /** The conflicts still waiting for a choice. */
  get unresolvedIds(): string[] {
    return (this.plan?.conflicts ?? []).filter((c) => c.resolution === undefined && this.resolutions[c.id] === undefined).map((c) => c.id);
  }

  async keepAllMine(): Promise<void> {
    const ids = this.unresolvedIds;
    if (ids.length === 0) return;
    this.resolutions = { ...this.resolutions, ...Object.fromEntries(ids.map((id) => [id, 'mine' as const])) };
    await this.makePlan();
  }

  /** Take theirs for every conflict not already set to keep mine. */
  async takeAllTheirs(): Promise<void> {
    const ids = (this.plan?.conflicts ?? []).filter((c) => this.resolutions[c.id] !== 'mine').map((c) => c.id);
    if (ids.length > 0) await this.#takeTheirs(ids);
  }

  async #takeTheirs(conflictIds: string[]): Promise<void> {
    const request = this.#request();
    if (request === null || this.planning || this.applying) return;
    const names = (this.plan?.conflicts ?? []).filter((c) => conflictIds.includes(c.id)).map((c) => c.name);
    let failed: string | null = null;
    this.planning = true;
    this.planError = null;
    this.applyError = null;
    try {
      const result = await this.#api.sync.takeTheirs(request, conflictIds);
      this.workspace.replace(result.draft);
      this.plan = result.plan;
      this.planKey = this.#currentKey();
      this.run = null;
      const ids = new Set(result.plan.conflicts.map((c) => c.id));
      this.resolutions = Object.fromEntries(Object.entries(this.resolutions).filter(([id]) => ids.has(id)));
      this.#host.notify('info', `The draft now holds the registry's version of ${names.length === 1 ? names[0] : count(names.length, 'item')}; Undo takes it back.`);
    } catch (error) {
      failed = errorText(error);
    } finally {
      this.planning = false;
    }
    if (failed !== null) {
      // e.g. the registry changed again meanwhile: show the plan as it is now, with the reason
      await this.makePlan();
      this.planError = failed;
    }
  }

  async apply(): Promise<void> {
    const plan = this.plan;
    const request = this.#request();
    if (plan === null || request === null || !this.gate.canApply || this.applying) return;
    this.applying = true;
    this.applyError = null;
    this.run = startRun(plan);
    const stop = this.#api.sync.onApplyProgress((event: ApplyProgressEvent) => {
      if (event.draftId === this.draftId && this.run !== null && this.run.outcome === null) this.run = advance(this.run, event);
    });
    try {
      const outcome = await this.#api.sync.apply(request);
      if (this.run !== null) this.run = settle(this.run, outcome);
    } catch (error) {
      // main re-plans before applying: a conflict or blocking problem that appeared meanwhile
      // stops it before anything is sent; show the fresh plan with the reason
      this.run = null;
      this.applyError = errorText(error);
      await this.makePlan();
      this.applyError = errorText(error);
    } finally {
      stop();
      this.applying = false;
      await this.#refreshDraft();
    }
  }

  async cancel(): Promise<void> {
    if (!this.applying || this.run === null) return;
    this.run = { ...this.run, cancelRequested: true };
    try {
      await this.#api.sync.cancelApply(this.draftId);
    } catch (error) {
      this.#host.notify('error', errorText(error));
    }
  }

  /** After an apply: plan again from the registry as it now is (what is left, if anything). */
  async planAgain(): Promise<void> {
    this.run = null;
    await this.makePlan();
  }

  /** An apply advances the draft's link (its baseline): take main's copy. */
  async #refreshDraft(): Promise<void> {
    try {
      this.workspace.replace(await this.#api.drafts.open(this.draftId));
    } catch (error) {
      this.#host.notify('error', errorText(error));
    }
  }
}
