// One run of the credential setup: the steps in order, each recorded with what it made in Azure,
// and undo that removes those things newest first. The flow never keeps the username or password
// past the two writes (SecretMaterial), and errors are kept as code + message only: an SDK error
// object would still hold the request that carried a secret.
import type { CreatedResource, CredentialSetupStep, CredentialSetupStepId, CredentialSetupView } from '../../../preload/api-credential-setup.ts';
import type { CredentialHealth, LiveCredentialSet } from '../../../preload/api.ts';
import { AppError } from '../../app-error.ts';
import { toAzureAppError } from '../azure-errors.ts';

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
  remove: Remover;
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

  constructor(
    flowId: string,
    readonly registryId: string,
    readonly setName: string,
    steps: readonly CredentialSetupStepId[],
    private readonly onChange: (view: CredentialSetupView) => void,
  ) {
    this.flowId = flowId;
    this.#steps = steps.map((id) => ({ id, label: STEP_LABELS[id], state: 'pending', detail: null, error: null }));
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
    this.onChange(this.view());
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

  record(resource: Omit<CreatedResource, 'state' | 'note'>, remove: Remover): void {
    this.#created.push({ resource: { ...resource, state: 'present', note: null }, remove });
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
        const note = await entry.remove();
        Object.assign(entry.resource, { state: 'removed', note });
      } catch (error) {
        failed = true;
        const appError = toAzureAppError(error, { subject: entry.resource.label, action: 'delete' });
        Object.assign(entry.resource, { state: 'remove-failed', note: appError.message });
      }
      this.changed();
    }
    this.state = failed ? 'undo-failed' : 'undone';
    this.changed();
    return this.view();
  }
}
