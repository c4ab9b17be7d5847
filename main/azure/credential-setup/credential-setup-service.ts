// Credential setup in one flow (issue 16.1): pick or create a Key Vault, write the upstream
// username and password as two secrets, create the credential set through the app's ARM code
// path (azure-service.ts), grant the set's system-assigned identity read access on the vault —
// Key Vault Secrets User for Azure RBAC vaults, an access policy with `get` on secrets otherwise —
// then read the set until its credential is Healthy (Azure answers Unhealthy / Forbidden until
// the grant lands, shared/data/azure-recorded). Each step is reported as it runs
// (`credentialSetup.onProgress`); what the flow made can be removed in reverse order (undo).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CredentialSetupRequest, CredentialSetupStepId, CredentialSetupView, KeyVaultSummary } from '../../../preload/api-credential-setup.ts';
import type { SubscriptionRef } from '../../../preload/api.ts';
import { AppError } from '../../app-error.ts';
import type { AuthService } from '../../auth/auth-service.ts';
import type { EventHub } from '../../events.ts';
import { azureCallLogPolicy } from '../../log/azure-call-log.ts';
import { emitEvent } from '../../typed-events.ts';
import { armErrorFacts, errorBodyPolicy, toAzureAppError } from '../azure-errors.ts';
import type { AzureService, RetryOptions } from '../azure-service.ts';
import { parseRegistryId } from '../resource-ids.ts';
import { createKeyVaultArm, parseVaultId, SECRETS_OFFICER_ROLE, SECRETS_USER_ROLE, type ArmConnection } from './key-vault-arm.ts';
import { createSecretsWriter, secretIdentifier, type SecretsConnection } from './key-vault-secrets.ts';
import { SecretMaterial } from './secret-material.ts';
import { SetupFlow } from './setup-flow.ts';

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
}

export interface CredentialSetupService {
  listKeyVaults(ref: SubscriptionRef): Promise<KeyVaultSummary[]>;
  start(request: CredentialSetupRequest): Promise<CredentialSetupView>;
  undo(flowId: string): Promise<CredentialSetupView>;
  cancel(flowId: string): Promise<boolean>;
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

  async function armConnection(accountId: string, tenantId: string): Promise<ArmConnection> {
    const cloud = await options.auth.cloudOf(accountId);
    return { credential: options.auth.credential(accountId, tenantId), endpoint: cloud.armEndpoint, scope: cloud.armScope, retryOptions, policies, userAgentPrefix, ...(options.tlsCa ? { tlsCa: options.tlsCa } : {}) };
  }

  function secretsConnection(arm: ArmConnection): SecretsConnection {
    return { credential: arm.credential, retryOptions, policies, userAgentPrefix, ...(arm.tlsCa ? { tlsCa: arm.tlsCa } : {}), ...(options.keyVaultEndpoint ? { endpointFor: options.keyVaultEndpoint } : {}) };
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
        flow.record({ kind: 'vault', label: `Key Vault ${created.name}`, id: created.id }, () => vaults.remove(created.id, created.location, pollMs));
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
          flow.record({ kind: 'role-assignment', label: `Key Vault Secrets Officer for you on ${vault.name}`, id }, async () => (await vaults.removeRole(id), null));
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
          flow.record({ kind: 'secret', label: `Secret ${name} in ${vault.name}`, id: uri }, () => secrets.remove(name, pollMs));
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
        flow.record({ kind: 'credential-set', label: `Credential set ${created.name} in ${registry.registryName}`, id: created.id }, async () => (await options.azure.deleteCredentialSet(ref, created.name), null));
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
          flow.record({ kind: 'role-assignment', label: `Key Vault Secrets User for ${set.name} on ${vault.name}`, id }, async () => (await vaults.removeRole(id), null));
          return 'Key Vault Secrets User on the vault';
        }
        await vaults
          .addSecretsGetPolicy(vault.id, vault.tenantId, principalId)
          .catch((error: unknown) => forbidden(error, `Your account may not change the access policies of Key Vault ${vault.name} (that takes Contributor or Key Vault Contributor there). Undo, or ask an owner to give ${principalId} get on secrets and check the set again.`));
        flow.record({ kind: 'access-policy', label: `Access policy (get secrets) for ${set.name} on ${vault.name}`, id: `${vault.id}/accessPolicies/${principalId}` }, async () => (await vaults.removeSecretsGetPolicy(vault.id, vault.tenantId, principalId), null));
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
      const arm = await armConnection(ref.accountId, ref.tenantId);
      try {
        return await createKeyVaultArm(arm, ref.subscriptionId).list();
      } catch (error) {
        throw toAzureAppError(error, { subject: `the Key Vaults of subscription ${ref.subscriptionId}`, action: 'list' });
      }
    },

    async start(request) {
      const material = new SecretMaterial(request.username, request.password);
      const steps: CredentialSetupStepId[] = ['vault', 'vault-access', 'username-secret', 'password-secret', 'credential-set', 'grant', 'health'];
      const flow = new SetupFlow(randomUUID(), request.registry.registryId, request.setName, steps, (view) => emitEvent(options.events, 'credentialSetup.onProgress', view));
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
      }
      return flow.view();
    },

    async undo(flowId) {
      const flow = flows.get(flowId);
      if (!flow) throw new AppError('not-found', 'That credential setup is not known (the app was restarted since); remove what it made from the credential sets tab and the Azure portal.');
      return flow.undo();
    },

    async cancel(flowId) {
      const flow = flows.get(flowId);
      if (!flow || flow.state !== 'running') return false;
      flow.abort.abort();
      return true;
    },
  };
}
