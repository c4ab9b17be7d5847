// The Azure side of the live commands (pull, plan --registry, apply): @azure/identity's
// DefaultAzureCredential in place of the app's signed-in account, and the app's own Resource
// Manager service (main/azure/azure-service.ts) and apply client settings (no SDK retries, read
// retries and timeouts, the write budget), so the CLI reads and writes exactly as the app does.
//
// DefaultAzureCredential tries, in order: the environment (AZURE_TENANT_ID + AZURE_CLIENT_ID +
// AZURE_CLIENT_SECRET or a certificate), workload identity (AZURE_FEDERATED_TOKEN_FILE, as set up
// by azure/login in GitHub Actions or by AKS), managed identity, then the Azure CLI's login.
// AZURE_AUTHORITY_HOST points it at another Entra host (sovereign clouds; tests: the emulator).
import { DefaultAzureCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/core-auth';
import type { RegistryRef } from '../../../preload/api.ts';
import { APPLY_RETRY_OPTIONS } from '../../apply/executor.ts';
import { applyPipelinePolicies, RateBudget } from '../../apply/apply-pipeline.ts';
import { isCloudName, resolveCloud, type CloudEndpoints } from '../../auth/clouds.ts';
import { createAzureService, type AzureService } from '../../azure/azure-service.ts';
import { parseRegistryId, REGISTRY_ID_PATTERN } from '../../azure/resource-ids.ts';
import { createEventHub } from '../../events.ts';
import { CliInputError } from '../cli-io.ts';

/** The account id the app's services are keyed by; the CLI has one credential, not accounts. */
const CLI_ACCOUNT = 'acr-cache-cli';

export interface LiveAzure {
  readonly cloud: CloudEndpoints;
  readonly azure: AzureService;
  /** The same service with SDK retries off, for applies: the executor paces 429s itself. */
  readonly applyAzure: AzureService;
  readonly applyBudget: RateBudget;
}

export interface LiveRegistry {
  readonly ref: RegistryRef;
  readonly loginServer: string;
  readonly name: string;
}

type Env = Record<string, string | undefined>;

const MICROSOFT_AUTHORITIES = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.microsoft.com', 'login.windows.net']);

/**
 * The cloud from ACR_CACHE_STUDIO_CLOUD (AzureCloud, AzureUSGovernment, AzureChinaCloud),
 * AZURE_AUTHORITY_HOST and ACR_CACHE_ARM_ENDPOINT (another Resource Manager origin).
 */
export function cliCloud(env: Env): CloudEndpoints {
  const name = env.ACR_CACHE_STUDIO_CLOUD ?? 'AzureCloud';
  if (!isCloudName(name)) throw new CliInputError(`ACR_CACHE_STUDIO_CLOUD must be AzureCloud, AzureUSGovernment or AzureChinaCloud, not '${name}'.`);
  try {
    return resolveCloud(name, {
      [name]: {
        ...(env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {}),
        ...(env.ACR_CACHE_ARM_ENDPOINT ? { armEndpoint: env.ACR_CACHE_ARM_ENDPOINT } : {}),
      },
    });
  } catch (error) {
    throw new CliInputError(`AZURE_AUTHORITY_HOST / ACR_CACHE_ARM_ENDPOINT: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function cliCredential(cloud: CloudEndpoints, env: Env): TokenCredential {
  const host = new URL(cloud.authorityHost).hostname;
  return new DefaultAzureCredential({
    authorityHost: cloud.authorityHost,
    // an authority Microsoft's instance discovery does not know (an emulator, a private cloud)
    disableInstanceDiscovery: !MICROSOFT_AUTHORITIES.has(host),
    ...(env.AZURE_TENANT_ID ? { tenantId: env.AZURE_TENANT_ID } : {}),
  });
}

export function connectLiveAzure(env: Env = process.env, credential?: TokenCredential): LiveAzure {
  const cloud = cliCloud(env);
  const cred = credential ?? cliCredential(cloud, env);
  const auth = { credential: () => cred, cloudOf: async () => cloud };
  const events = createEventHub();
  // ACR_CACHE_POLL_INTERVAL_MS: delay between polls of a long-running write (the SDK's 2 s, or
  // Retry-After, when unset); tests set 0 against the emulator.
  const poll = env.ACR_CACHE_POLL_INTERVAL_MS !== undefined && /^\d+$/.test(env.ACR_CACHE_POLL_INTERVAL_MS) ? { pollIntervalMs: Number(env.ACR_CACHE_POLL_INTERVAL_MS) } : {};
  const base = { auth, events, userAgentPrefix: 'acr-cache-cli', ...poll };
  const azure = createAzureService(base);
  const applyBudget = new RateBudget();
  const applyAzure = createAzureService({ ...base, retryOptions: APPLY_RETRY_OPTIONS, policies: [...applyPipelinePolicies(), applyBudget.policy] });
  return { cloud, azure, applyAzure, applyBudget };
}

const LOGIN_SERVER = /^[a-z0-9][a-z0-9-]{4,49}\.azurecr\.(io|us|cn)$/i;

/**
 * `--registry`: an ARM resource ID, or a login server (`contoso.azurecr.io`), which is looked up in
 * every subscription the credential can see (as `az acr show -n` does).
 */
export async function findRegistry(live: LiveAzure, value: string, tenantId: string | undefined): Promise<LiveRegistry> {
  const tenant = tenantId ?? 'organizations';
  if (value.startsWith('/')) {
    if (!REGISTRY_ID_PATTERN.test(value)) throw new CliInputError(`--registry '${value.slice(0, 200)}' is not the resource ID of a container registry (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerRegistry/registries/<name>).`);
    const coordinates = parseRegistryId(value);
    const registries = await live.azure.listRegistries({ accountId: CLI_ACCOUNT, tenantId: tenant, subscriptionId: coordinates.subscriptionId });
    const found = registries.find((r) => r.id.toLowerCase() === coordinates.id.toLowerCase());
    if (!found) throw new CliInputError(`registry ${coordinates.id} was not found (or the credential may not read it).`);
    return { ref: { accountId: CLI_ACCOUNT, tenantId: tenant, registryId: found.id }, loginServer: found.loginServer, name: found.name };
  }
  if (!LOGIN_SERVER.test(value)) throw new CliInputError(`--registry takes a registry's resource ID or login server (e.g. contoso.azurecr.io), not '${value.slice(0, 200)}'.`);
  const listing = await live.azure.listSubscriptions(CLI_ACCOUNT);
  for (const subscription of listing.subscriptions) {
    const registries = await live.azure.listRegistries({ accountId: CLI_ACCOUNT, tenantId: subscription.tenantId, subscriptionId: subscription.subscriptionId });
    const found = registries.find((r) => r.loginServer.toLowerCase() === value.toLowerCase());
    if (found) return { ref: { accountId: CLI_ACCOUNT, tenantId: subscription.tenantId, registryId: found.id }, loginServer: found.loginServer, name: found.name };
  }
  throw new CliInputError(`no registry with login server ${value} in the ${listing.subscriptions.length} subscription(s) the credential can see; pass its resource ID instead.`);
}

/** An Azure failure as one line for stderr (AppError messages are written for people already). */
export function azureFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.message}${typeof code === 'string' && !error.message.includes(code) ? ` (${code})` : ''}`;
  }
  return String(error);
}
