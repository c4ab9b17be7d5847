// One run of the credential setup: the steps in order, each recorded with what it made in Azure,
// and undo that removes those things newest first. The flow never keeps the username or password
// past the two writes (SecretMaterial), and errors are kept as code + message only: an SDK error
// object would still hold the request that carried a secret. What it made is described by a
// Removal (setup-record.ts) that is written to disk as it changes, so undo survives a restart:
// SetupFlow.restore rebuilds the flow from that record with the same removers.
import type { CreatedResource, CredentialSetupStep, CredentialSetupStepId, CredentialSetupView } from '../../../preload/api-credential-setup.ts';
import type { CredentialHealth, LiveCredentialSet, RegistryRef } from '../../../preload/api.ts';
import { AppError } from '../../app-error.ts';
import { toAzureAppError } from '../azure-errors.ts';
import type { Removal, SetupRecord } from './setup-record.ts';

export const STEP_LABELS: Record<CredentialSetupStepId, string> = {
  vault: 'Key Vault',
  'vault-access': 'Your access to the new vault',
  'username-secret': 'Username secret',
  'password-secret': 'Password secret',
  'credential-set': 'Credential set',
  grant: "Grant the set's identity read access",
  health: 'Wait until the credential is Healthy',
};

/** How a created thing is removed: returns a note when something is left (a soft-deleted secret). */
export type Remover = () => Promise<string | null>;

interface Created {
  resource: CreatedResource;
  removal: Removal;
}

export interface SetupFlowHooks {
  /** Every change, for the renderer (`credentialSetup.onProgress`). */
  onChange: (view: CredentialSetupView) => void;
  /** What was made, or the flow's state, changed: write the record. */
  persist: (record: SetupRecord) => void;
  /** How a Removal is carried out (the same code before and after a restart). */
  removerFor: (removal: Removal) => Remover;
}

export class SetupFlow {
  readonly flowId: string;
  state: CredentialSetupView['state'] = 'running';
  vaultName = '';
  health: CredentialHealth | null = null;
  credentialSet: LiveCredentialSet | null = null;
  readonly abort = new AbortController();
  readonly #steps: CredentialSetupStep[];
  readonly #created: Created[] = [];
  readonly #hooks: SetupFlowHooks;
  #startedAt = new Date().toISOString();
  #persisted = '';

  constructor(
    flowId: string,
    readonly registry: RegistryRef,
    readonly setName: string,
    steps: readonly CredentialSetupStepId[],
    hooks: SetupFlowHooks,
  ) {
    this.flowId = flowId;
    this.#hooks = hooks;
    this.#steps = steps.map((id) => ({ id, label: STEP_LABELS[id], state: 'pending', detail: null, error: null }));
  }

  get registryId(): string {
    return this.registry.registryId;
  }

  /**
   * The flow as a record left it. One the app stopped in the middle of (running, undoing) is
   * failed now: its running step is marked as cut short, and a removal in progress is tried again.
   */
  static restore(record: SetupRecord, hooks: SetupFlowHooks): SetupFlow {
    const flow = new SetupFlow(record.flowId, record.registry, record.setName, [], hooks);
    flow.#startedAt = record.startedAt;
    flow.vaultName = record.vaultName;
    const interrupted = record.state === 'running' || record.state === 'undoing';
    flow.state = interrupted ? 'failed' : record.state;
    for (const step of record.steps) {
      const cutShort = interrupted && step.state === 'running';
      flow.#steps.push(cutShort ? { ...step, state: 'failed', error: { code: 'interrupted', message: 'The app closed before this step finished; what it made is listed below.' } } : { ...step });
    }
    for (const entry of record.created) {
      const state = entry.resource.state === 'removing' ? 'present' : entry.resource.state;
      flow.#created.push({ resource: { ...entry.resource, state }, removal: entry.removal });
    }
    flow.#persisted = flow.#signature();
    return flow;
  }

  toRecord(): SetupRecord {
    return structuredClone({
      version: 1 as const,
      flowId: this.flowId,
      registry: this.registry,
      setName: this.setName,
      vaultName: this.vaultName,
      startedAt: this.#startedAt,
      state: this.state,
      steps: this.#steps,
      created: this.#created,
    });
  }

  /** Whether something it made may still be in Azure and undo is possible (it is not running). */
  get unfinished(): boolean {
    return ['failed', 'cancelled', 'undo-failed'].includes(this.state) && this.#created.some((c) => c.resource.state !== 'removed');
  }

  #signature(): string {
    return `${this.state}|${this.#created.map((c) => c.resource.state).join(',')}`;
  }

  view(): CredentialSetupView {
    return structuredClone({
      flowId: this.flowId,
      registryId: this.registryId,
      setName: this.setName,
      vaultName: this.vaultName,
      state: this.state,
      steps: this.#steps,
      created: this.#created.map((c) => c.resource),
      health: this.health,
      credentialSet: this.credentialSet,
    });
  }

  changed(): void {
    // the record follows what was made and the flow's state; step details alone do not rewrite it
    const signature = this.#signature();
    if (signature !== this.#persisted) {
      this.#persisted = signature;
      this.#hooks.persist(this.toRecord());
    }
    this.#hooks.onChange(this.view());
  }

  #step(id: CredentialSetupStepId): CredentialSetupStep {
    const step = this.#steps.find((s) => s.id === id);
    if (!step) throw new Error(`credential setup: no step ${id}`);
    return step;
  }

  detail(id: CredentialSetupStepId, detail: string): void {
    this.#step(id).detail = detail;
    this.changed();
  }

  skip(id: CredentialSetupStepId, detail: string): void {
    Object.assign(this.#step(id), { state: 'skipped', detail });
    this.changed();
  }

  /** Runs one step; a failure marks it (and the flow) failed and is rethrown to stop the run. */
  async run<T>(id: CredentialSetupStepId, context: { subject: string; action: string }, work: () => Promise<T>, done: (value: T) => string): Promise<T> {
    const step = this.#step(id);
    step.state = 'running';
    this.changed();
    try {
      const value = await work();
      Object.assign(step, { state: 'done', detail: done(value) });
      this.changed();
      return value;
    } catch (error) {
      const appError = toAzureAppError(error, context);
      Object.assign(step, { state: 'failed', error: { code: appError.code, message: appError.message } });
      this.state = this.abort.signal.aborted ? 'cancelled' : 'failed';
      this.changed();
      throw new AppError(appError.code, appError.message);
    }
  }

  record(resource: Omit<CreatedResource, 'state' | 'note'>, removal: Removal): void {
    this.#created.push({ resource: { ...resource, state: 'present', note: null }, removal });
    this.changed();
  }

  /** Removes what the flow made, newest first; keeps going past a failure and reports each. */
  async undo(): Promise<CredentialSetupView> {
    if (this.state === 'running' || this.state === 'undoing') throw new AppError('setup-running', 'The credential setup is still running; cancel it first, then undo.');
    this.state = 'undoing';
    this.changed();
    let failed = false;
    for (const entry of [...this.#created].reverse()) {
      if (entry.resource.state === 'removed') continue;
      entry.resource.state = 'removing';
      this.changed();
      try {
        const note = await this.#hooks.removerFor(entry.removal)();
        Object.assign(entry.resource, { state: 'removed', note });
      } catch (error) {
        const appError = toAzureAppError(error, { subject: entry.resource.label, action: 'delete' });
        // after a restart, someone may have removed it meanwhile: gone is what undo wanted
        if (appError.code === 'not-found') {
          Object.assign(entry.resource, { state: 'removed', note: 'It was already gone.' });
        } else {
          failed = true;
          Object.assign(entry.resource, { state: 'remove-failed', note: appError.message });
        }
      }
      this.changed();
    }
    this.state = failed ? 'undo-failed' : 'undone';
    this.changed();
    return this.view();
  }
}
