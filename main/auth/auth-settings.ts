// Which cloud, application (client) ID and tenant the app signs in with. Stored in the data folder,
// overridable by environment variables (for managed machines and tests), with documented defaults.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthSettingKey, AuthSettingsUpdate, AuthSettingsView, CloudName } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import { DATA_DIR_MODE } from '../data-dir.ts';
import { isCloudName } from './clouds.ts';

/**
 * Azure CLI's public client, pre-authorized for Azure Service Management in every tenant and
 * allowed to use a `http://localhost` loopback redirect. Organisations that do not want to borrow
 * it register their own app (docs/azure-sign-in.md) and set its ID in the settings or in
 * ACR_CACHE_STUDIO_CLIENT_ID.
 */
export const DEFAULT_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** Work and school accounts of any tenant (Azure CLI's default); ARM does not take personal accounts. */
export const DEFAULT_TENANT = 'organizations';
export const DEFAULT_CLOUD: CloudName = 'AzureCloud';

export const AUTH_ENV = {
  cloud: 'ACR_CACHE_STUDIO_CLOUD',
  clientId: 'ACR_CACHE_STUDIO_CLIENT_ID',
  tenant: 'ACR_CACHE_STUDIO_TENANT',
} as const satisfies Record<AuthSettingKey, string>;

export const AUTH_SETTINGS_FILE = 'auth-settings.json';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function isClientId(value: string): boolean {
  return GUID.test(value);
}

export function isTenant(value: string): boolean {
  return value === 'organizations' || value === 'common' || GUID.test(value) || DOMAIN.test(value);
}

export interface EffectiveAuthSettings {
  cloud: CloudName;
  clientId: string;
  tenant: string;
}

interface StoredSettings {
  cloud?: CloudName;
  clientId?: string;
  tenant?: string;
}

export interface AuthSettingsStore {
  load(): Promise<void>;
  effective(): EffectiveAuthSettings;
  view(): AuthSettingsView;
  update(update: AuthSettingsUpdate): Promise<AuthSettingsView>;
  /** Environment values that were ignored because they are not valid. */
  readonly warnings: string[];
}

function sanitize(raw: unknown): StoredSettings {
  if (typeof raw !== 'object' || raw === null) return {};
  const record = raw as Record<string, unknown>;
  const out: StoredSettings = {};
  if (isCloudName(record['cloud'])) out.cloud = record['cloud'];
  if (typeof record['clientId'] === 'string' && isClientId(record['clientId'])) out.clientId = record['clientId'];
  if (typeof record['tenant'] === 'string' && isTenant(record['tenant'])) out.tenant = record['tenant'];
  return out;
}

export function createAuthSettingsStore(options: { dataDir: string; env?: Record<string, string | undefined> }): AuthSettingsStore {
  const file = join(options.dataDir, AUTH_SETTINGS_FILE);
  const env = options.env ?? {};
  const warnings: string[] = [];
  const fromEnv: StoredSettings = {};
  const envCloud = env[AUTH_ENV.cloud]?.trim();
  if (envCloud) {
    if (isCloudName(envCloud)) fromEnv.cloud = envCloud;
    else warnings.push(`${AUTH_ENV.cloud}="${envCloud}" is not one of AzureCloud, AzureUSGovernment, AzureChinaCloud; ignored.`);
  }
  const envClient = env[AUTH_ENV.clientId]?.trim();
  if (envClient) {
    if (isClientId(envClient)) fromEnv.clientId = envClient;
    else warnings.push(`${AUTH_ENV.clientId}="${envClient}" is not an application (client) ID (a GUID); ignored.`);
  }
  const envTenant = env[AUTH_ENV.tenant]?.trim();
  if (envTenant) {
    if (isTenant(envTenant)) fromEnv.tenant = envTenant;
    else warnings.push(`${AUTH_ENV.tenant}="${envTenant}" is not a tenant ID, domain, "organizations" or "common"; ignored.`);
  }

  let stored: StoredSettings = {};

  const effective = (): EffectiveAuthSettings => ({
    cloud: fromEnv.cloud ?? stored.cloud ?? DEFAULT_CLOUD,
    clientId: fromEnv.clientId ?? stored.clientId ?? DEFAULT_CLIENT_ID,
    tenant: fromEnv.tenant ?? stored.tenant ?? DEFAULT_TENANT,
  });

  const view = (): AuthSettingsView => ({
    ...effective(),
    defaults: { cloud: DEFAULT_CLOUD, clientId: DEFAULT_CLIENT_ID, tenant: DEFAULT_TENANT },
    fromEnvironment: (Object.keys(fromEnv) as AuthSettingKey[]).sort(),
  });

  return {
    warnings,
    async load() {
      try {
        stored = sanitize(JSON.parse(await readFile(file, 'utf8')));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${file} could not be read (${(err as Error).message}); defaults are used.`);
        stored = {};
      }
    },
    effective,
    view,
    async update(update) {
      const next: StoredSettings = { ...stored };
      if (update.cloud !== undefined) next.cloud = update.cloud;
      if (update.clientId !== undefined) {
        if (update.clientId === null) delete next.clientId;
        else if (!isClientId(update.clientId.trim())) {
          throw new AppError('invalid-setting', `"${update.clientId}" is not an application (client) ID: it must be a GUID like ${DEFAULT_CLIENT_ID}.`);
        } else next.clientId = update.clientId.trim().toLowerCase();
      }
      if (update.tenant !== undefined) {
        if (update.tenant === null) delete next.tenant;
        else if (!isTenant(update.tenant.trim())) {
          throw new AppError('invalid-setting', `"${update.tenant}" is not a tenant: use a tenant ID (GUID), a domain like contoso.onmicrosoft.com, or "organizations".`);
        } else next.tenant = update.tenant.trim();
      }
      const locked = (Object.keys(update) as AuthSettingKey[]).filter((k) => update[k] !== undefined && fromEnv[k] !== undefined);
      if (locked.length) {
        throw new AppError(
          'setting-from-environment',
          `${locked.map((k) => AUTH_ENV[k]).join(' and ')} ${locked.length > 1 ? 'are' : 'is'} set in the environment, which takes precedence; change or unset it there.`,
        );
      }
      await mkdir(options.dataDir, { recursive: true, mode: DATA_DIR_MODE });
      await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      stored = next;
      return view();
    },
  };
}
