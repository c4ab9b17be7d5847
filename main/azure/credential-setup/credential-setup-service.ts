// Credential setup in one flow (issue 16.1): pick or create a Key Vault, write the upstream
// username and password as two secrets, create the credential set through the app's ARM code
// path (azure-service.ts), grant the set's system-assigned identity read access on the vault —
// Key Vault Secrets User for Azure RBAC vaults, an access policy with `get` on secrets otherwise —
// then read the set until its credential is Healthy (Azure answers Unhealthy / Forbidden until
// the grant lands, shared/data/azure-recorded). Each step is reported as it runs
// (`credentialSetup.onProgress`); what the flow made can be removed in reverse order (undo),
// also after a restart: what it made is recorded on disk as it goes (setup-record.ts), and
// `unfinished` offers the flows that left something behind.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CredentialSetupRequest, CredentialSetupStepId, CredentialSetupView, KeyVaultListing } from '../../../preload/api-credential-setup.ts';
import type { RegistryRef, SubscriptionRef } from '../../../preload/api.ts';
import { AppError } from '../../app-error.ts';
import type { AuthService } from '../../auth/auth-service.ts';
import type { EventHub } from '../../events.ts';
import { appLog } from '../../log/app-log.ts';
import { azureCallLogPolicy } from '../../log/azure-call-log.ts';
import { emitEvent } from '../../typed-events.ts';
import { armErrorFacts, errorBodyPolicy } from '../azure-errors.ts';
import type { AzureService, RetryOptions } from '../azure-service.ts';
import { parseRegistryId } from '../resource-ids.ts';
import { createKeyVaultArm, parseVaultId, SECRETS_OFFICER_ROLE, SECRETS_USER_ROLE, type ArmConnection } from './key-vault-arm.ts';
import { createSecretsWriter, secretIdentifier, type SecretsConnection } from './key-vault-secrets.ts';
import { SecretMaterial } from './secret-material.ts';
import { SetupFlow, type Remover, type SetupFlowHooks } from './setup-flow.ts';
import { createSetupRecordStore, type Removal } from './setup-record.ts';
import { listVaultsAcrossSubscriptions } from './vault-directory.ts';

export interface CredentialSetupOptions {
  auth: Pick<AuthService, 'credential' | 'cloudOf'>;
  azure: Pick<AzureService, 'createCredentialSet' | 'getCredentialSet' | 'deleteCredentialSet'>;
  events: EventHub;
  tlsCa?: string;
  retryOptions?: RetryOptions;
  /** Delay between polls of long-running operations (vault create, secret delete). */
  pollIntervalMs?: number;
  /** Between reads of the credential set's health (default 10 s: a role assignment takes a minute or more). */
  healthPollMs?: number;
  /** How long to wait for Healthy before the step fails (default 10 minutes, Azure RBAC's documented worst case). */
  healthTimeoutMs?: number;
  /** Where `https://<vault>.vault.azure.net/` is served (tests: the Key Vault emulator). */
  keyVaultEndpoint?: (vaultUri: string) => string;
  /** Where the records of what each setup made are kept (`<data>/credential-setups`); none kept when unset. */
  recordDir?: string;
}

export interface CredentialSetupService {
  listKeyVaults(ref: SubscriptionRef): Promise<KeyVaultListing>;
  start(request: CredentialSetupRequest): Promise<CredentialSetupView>;
  undo(flowId: string): Promise<CredentialSetupView>;
  cancel(flowId: string): Promise<boolean>;
  /** The setups that stopped with something still in Azure (this run's and those recorded before a restart). */
  unfinished(): Promise<CredentialSetupView[]>;
  /** Keeps what a setup made: forgets its record, so it is no longer offered for undo. */
  keep(flowId: string): Promise<boolean>;
  /** Resolves once every record change so far is on disk (the app's shutdown waits for it). */
  flush(): Promise<void>;
}

const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number } | null)?.statusCode;

/** A 403 explained for the step at hand (the generic table speaks of registries); anything else as it is. */
function forbidden(error: unknown, explanation: string): never {
  if (statusOf(error) !== 403) throw error;
  const facts = armErrorFacts(error);
  const said = [facts.code, facts.message?.split('\n')[0]].filter(Boolean).join(': ');
  throw new AppError('not-authorized', `${explanation}${said ? ` (Azure said: ${said})` : ''}`);
}

/** Object ID of the signed-in user in that tenant, from the `oid` claim of its own ARM token (read in main only). */
async function signedInObjectId(connection: ArmConnection): Promise<string> {
  const token = await connection.credential.getToken(connection.scope);
  const payload = token?.token.split('.')[1];
  const oid = payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown }).oid : undefined;
  if (typeof oid !== 'string') throw new AppError('no-object-id', 'Your sign-in token names no object ID, so the app cannot give you access to the new vault. Pick an existing vault instead.');
  return oid;
}

export function createCredentialSetupService(options: CredentialSetupOptions): CredentialSetupService {
  const flows = new Map<string, SetupFlow>();
  const userAgentPrefix = 'acr-cache-studio';
  const policies = [errorBodyPolicy, azureCallLogPolicy()];
  const retryOptions = options.retryOptions ?? {};
  const healthPollMs = options.healthPollMs ?? 10_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 10 * 60_000;
  const records = options.recordDir ? createSetupRecordStore(options.recordDir) : null;
  let restoring: Promise<void> | null = null;

  async function armConnection(accountId: string, tenantId: string): Promise<ArmConnection> {
    const cloud = await options.auth.cloudOf(accountId);
    return { credential: options.auth.credential(accountId, tenantId), endpoint: cloud.armEndpoint, scope: cloud.armScope, retryOptions, policies, userAgentPrefix, ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}) };
  }

  function secretsConnection(arm: ArmConnection): SecretsConnection {
    return { credential: arm.credential, retryOptions, policies, userAgentPrefix, ...(arm.tlsCa ? { tlsCa: arm.tlsCa } : {}), ...(options.keyVaultEndpoint ? { endpointFor: options.keyVaultEndpoint } : {}) };
  }

  /** How a recorded thing is removed: built from the record alone, so it works after a restart. */
  function removerFor(ref: RegistryRef, removal: Removal): Remover {
    const pollMs = options.pollIntervalMs;
    return async () => {
      const arm = await armConnection(ref.accountId, ref.tenantId);
      switch (removal.kind) {
        case 'vault':
          return createKeyVaultArm(arm, parseVaultId(removal.vaultId).subscriptionId).remove(removal.vaultId, removal.location, pollMs);
        case 'role-assignment': {
          const subscription = /^\/subscriptions\/([^/]+)\//i.exec(removal.assignmentId)?.[1];
          if (!subscription) throw new AppError('invalid-payload', `"${removal.assignmentId}" is not a role assignment ID.`);
          await createKeyVaultArm(arm, subscription).removeRole(removal.assignmentId);
          return null;
        }
        case 'access-policy':
          await createKeyVaultArm(arm, parseVaultId(removal.vaultId).subscriptionId).removeSecretsGetPolicy(removal.vaultId, removal.tenantId, removal.principalId);
          return null;
        case 'secret':
          return createSecretsWriter(secretsConnection(arm), removal.vaultUri).remove(removal.name, pollMs);
        case 'credential-set':
          await options.azure.deleteCredentialSet(ref, removal.name);
          return null;
      }
    };
  }

  function hooksFor(ref: RegistryRef): SetupFlowHooks {
    return {
      onChange: (view) => emitEvent(options.events, 'credentialSetup.onProgress', view),
      // a record that cannot be written costs only the undo after a restart: the setup goes on
      persist: (record) => void records?.save(record).catch((error: unknown) => appLog.warn(`[credential-setup] could not record setup ${record.flowId}: ${(error as Error).message}`)),
      removerFor: (removal) => removerFor(ref, removal),
    };
  }

  /** The records left by earlier runs, read once (the first time anyone asks). */
  function restored(): Promise<void> {
    restoring ??= (async () => {
      if (!records) return;
      const { records: found, unreadable } = await records.load();
      for (const name of unreadable) appLog.warn(`[credential-setup] set aside unreadable record ${name}`);
      for (const record of found) {
        if (flows.has(record.flowId)) continue;
        const flow = SetupFlow.restore(record, hooksFor(record.registry));
        flows.set(flow.flowId, flow);
        if (!flow.unfinished) await records.forget(flow.flowId);
      }
    })();
    return restoring;
  }

  async function run(flow: SetupFlow, request: CredentialSetupRequest, material: SecretMaterial): Promise<void> {
    const { registry: ref } = request;
    const registry = parseRegistryId(ref.registryId);
    const arm = await armConnection(ref.accountId, ref.tenantId);
    const vaultSubscription = request.vault.kind === 'existing' ? parseVaultId(request.vault.id).subscriptionId : registry.subscriptionId;
    const vaults = createKeyVaultArm(arm, vaultSubscription);
    const pollMs = options.pollIntervalMs;
    const choice = request.vault;
    flow.vaultName = choice.kind === 'new' ? choice.name : parseVaultId(choice.id).name;

    const vault = await flow.run(
      'vault',
      { subject: `Key Vault ${flow.vaultName}`, action: choice.kind === 'new' ? 'create' : 'read' },
      async () => {
        // Before anything is made: the set's name must be free, or the create would replace a set in use.
        const taken = await options.azure.getCredentialSet(ref, request.setName).then(
          () => true,
          (error: unknown) => (error instanceof AppError && error.code === 'not-found' ? false : Promise.reject(error)),
        );
        if (taken) throw new AppError('name-taken', `Registry ${registry.registryName} already has a credential set named "${request.setName}"; pick another name (this flow creates new sets only).`);
        if (choice.kind === 'existing') return vaults.get(choice.id);
        const created = await vaults.create({ resourceGroup: choice.resourceGroup, name: choice.name, location: choice.location, tenantId: ref.tenantId }, pollMs);
        flow.record({ kind: 'vault', label: `Key Vault ${created.name}`, id: created.id }, { kind: 'vault', vaultId: created.id, location: created.location });
        return created;
      },
      (v) => `${choice.kind === 'new' ? 'Created' : 'Using'} ${v.name} (${v.permissionModel === 'rbac' ? 'Azure RBAC' : 'access policies'}, ${v.location})`,
    );

    if (choice.kind === 'new') {
      await flow.run(
        'vault-access',
        { subject: `your access to Key Vault ${vault.name}`, action: 'create' },
        async () => {
          const id = await vaults.assignRole(vault.id, SECRETS_OFFICER_ROLE, await signedInObjectId(arm), 'User');
          flow.record({ kind: 'role-assignment', label: `Key Vault Secrets Officer for you on ${vault.name}`, id }, { kind: 'role-assignment', assignmentId: id });
        },
        () => 'You are Key Vault Secrets Officer on it, so the app can write the secrets',
      );
    } else {
      flow.skip('vault-access', 'An existing vault: writing the secrets needs set permission there (Key Vault Secrets Officer, or an access policy with set).');
    }

    const secrets = createSecretsWriter(secretsConnection(arm), vault.vaultUri);
    const names = { username: request.usernameSecretName, password: request.passwordSecretName };
    for (const which of ['username', 'password'] as const) {
      const name = names[which];
      const stepId: CredentialSetupStepId = which === 'username' ? 'username-secret' : 'password-secret';
      await flow.run(
        stepId,
        { subject: `secret ${name} in Key Vault ${vault.name}`, action: 'create' },
        async () => {
          const state = choice.kind === 'existing' ? await secrets.exists(name) : 'free';
          if (state !== 'free') {
            throw new AppError('name-taken', state === 'exists'
              ? `Key Vault ${vault.name} already has a secret named "${name}"; pick another name, so that nothing another set relies on is overwritten.`
              : `Key Vault ${vault.name} holds a deleted secret named "${name}" that can only be recovered or purged; pick another name.`);
          }
          // A role assigned seconds ago (new vault) may not be in force yet: retry its 403s for a while.
          const deadline = Date.now() + (choice.kind === 'new' ? healthTimeoutMs : 0);
          for (;;) {
            try {
              await secrets.write(name, material.reveal(which));
              break;
            } catch (error) {
              if (statusOf(error) !== 403) throw error;
              if (Date.now() >= deadline) forbidden(error, `Your account may not write secrets in Key Vault ${vault.name}. Ask for Key Vault Secrets Officer on it (Azure RBAC vault) or an access policy with set on secrets, or pick another vault.`);
              flow.detail(stepId, 'Waiting for your new role on the vault to take effect…');
              await sleep(healthPollMs, undefined, { signal: flow.abort.signal });
            }
          }
          const uri = secretIdentifier(vault.vaultUri, name);
          flow.record({ kind: 'secret', label: `Secret ${name} in ${vault.name}`, id: uri }, { kind: 'secret', vaultUri: vault.vaultUri, name });
          return uri;
        },
        (uri) => `Wrote ${uri}`,
      );
    }
    material.wipe();

    const set = await flow.run(
      'credential-set',
      { subject: `credential set "${request.setName}"`, action: 'create' },
      async () => {
        const created = await options.azure.createCredentialSet(ref, {
          name: request.setName,
          loginServer: request.loginServer,
          usernameSecret: secretIdentifier(vault.vaultUri, names.username),
          passwordSecret: secretIdentifier(vault.vaultUri, names.password),
        });
        flow.record({ kind: 'credential-set', label: `Credential set ${created.name} in ${registry.registryName}`, id: created.id }, { kind: 'credential-set', name: created.name });
        flow.credentialSet = created;
        flow.health = created.health;
        return created;
      },
      (s) => `Created ${s.name} for ${s.loginServer}; its identity is ${s.principalId ?? 'not reported yet'}`,
    );

    await flow.run(
      'grant',
      { subject: `read access on Key Vault ${vault.name} for credential set "${set.name}"`, action: 'create' },
      async () => {
        const principalId = set.principalId;
        if (!principalId) throw new AppError('no-identity', `Azure created credential set "${set.name}" without reporting its identity, so there is nothing to grant; read the set again later.`);
        if (vault.permissionModel === 'rbac') {
          const id = await vaults
            .assignRole(vault.id, SECRETS_USER_ROLE, principalId, 'ServicePrincipal')
            .catch((error: unknown) => forbidden(error, `Your account may not assign roles on Key Vault ${vault.name} (that takes Owner, User Access Administrator or Role Based Access Control Administrator there). Undo, or ask an owner to assign Key Vault Secrets User on the vault to ${principalId} and check the set again.`));
          flow.record({ kind: 'role-assignment', label: `Key Vault Secrets User for ${set.name} on ${vault.name}`, id }, { kind: 'role-assignment', assignmentId: id });
          return 'Key Vault Secrets User on the vault';
        }
        await vaults
          .addSecretsGetPolicy(vault.id, vault.tenantId, principalId)
          .catch((error: unknown) => forbidden(error, `Your account may not change the access policies of Key Vault ${vault.name} (that takes Contributor or Key Vault Contributor there). Undo, or ask an owner to give ${principalId} get on secrets and check the set again.`));
        flow.record({ kind: 'access-policy', label: `Access policy (get secrets) for ${set.name} on ${vault.name}`, id: `${vault.id}/accessPolicies/${principalId}` }, { kind: 'access-policy', vaultId: vault.id, tenantId: vault.tenantId, principalId });
        return 'An access policy with get on secrets';
      },
      (what) => what,
    );

    await flow.run(
      'health',
      { subject: `the health of credential set "${set.name}"`, action: 'read' },
      async () => {
        const deadline = Date.now() + healthTimeoutMs;
        for (let reads = 1; ; reads++) {
          const current = await options.azure.getCredentialSet(ref, set.name);
          flow.credentialSet = current;
          flow.health = current.health;
          if (current.health.status === 'Healthy') return reads;
          if (Date.now() >= deadline) {
            throw new AppError('still-unhealthy', `Credential set "${set.name}" is still ${current.health.status}${current.health.errorCode ? ` (${current.health.errorCode})` : ''} after ${Math.round(healthTimeoutMs / 1000)} s. Azure can take several minutes to apply a new grant: check it again later from the credential sets tab, or undo.`);
          }
          flow.detail('health', `Azure reports ${current.health.status}${current.health.errorCode ? ` (${current.health.errorCode})` : ''}; reading again…`);
          await sleep(healthPollMs, undefined, { signal: flow.abort.signal });
        }
      },
      (reads) => `Healthy (after ${reads} ${reads === 1 ? 'read' : 'reads'})`,
    );
    flow.state = 'succeeded';
    flow.changed();
  }

  return {
    async listKeyVaults(ref) {
      return listVaultsAcrossSubscriptions(await armConnection(ref.accountId, ref.tenantId), ref.subscriptionId);
    },

    async start(request) {
      const material = new SecretMaterial(request.username, request.password);
      const steps: CredentialSetupStepId[] = ['vault', 'vault-access', 'username-secret', 'password-secret', 'credential-set', 'grant', 'health'];
      const flow = new SetupFlow(randomUUID(), request.registry, request.setName, steps, hooksFor(request.registry));
      flows.set(flow.flowId, flow);
      // The request object is the renderer's copy as IPC delivered it: drop its values here.
      Object.assign(request, { username: '', password: '' });
      flow.changed();
      try {
        await run(flow, request, material);
      } catch (error) {
        // The failed step holds the explanation; anything thrown outside a step is an internal fault.
        if (flow.state === 'running') {
          flow.state = 'failed';
          flow.changed();
          if (!(error instanceof AppError)) throw error;
        }
      } finally {
        material.dispose();
        await records?.flush();
      }
      return flow.view();
    },

    async undo(flowId) {
      await restored();
      const flow = flows.get(flowId);
      if (!flow) throw new AppError('not-found', 'That credential setup is not known (its record is gone); remove what it made from the credential sets tab and the Azure portal.');
      const view = await flow.undo();
      // answered once the record says so too: a restart right after sees what this answer says
      await records?.flush();
      return view;
    },

    async unfinished() {
      await restored();
      return [...flows.values()].filter((flow) => flow.unfinished).map((flow) => flow.view());
    },

    async flush() {
      await records?.flush();
    },

    async keep(flowId) {
      await restored();
      const flow = flows.get(flowId);
      if (!flow || !flow.unfinished) return false;
      flows.delete(flowId);
      await records?.forget(flowId);
      return true;
    },

    async cancel(flowId) {
      const flow = flows.get(flowId);
      if (!flow || flow.state !== 'running') return false;
      flow.abort.abort();
      return true;
    },
  };
}
