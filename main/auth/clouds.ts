// The Azure clouds the app signs in to: Entra authority host, ARM endpoint and ARM scope.
// Values from Azure CLI's cloud.py (AZURE_PUBLIC_CLOUD, AZURE_US_GOV_CLOUD, AZURE_CHINA_CLOUD).
// Tests point a cloud at local emulators through `CloudOverrides`; nothing else changes.
import type { CloudName } from '../../preload/api.ts';

export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const satisfies readonly CloudName[];

export interface CloudEndpoints {
  name: CloudName;
  displayName: string;
  /** https origin of Microsoft Entra ID, no trailing slash. */
  authorityHost: string;
  /** Every host MSAL may record as an account's `environment` for this cloud. */
  authorityAliases: readonly string[];
  /** Resource Manager origin, no trailing slash. */
  armEndpoint: string;
  /** Token scope for Resource Manager (independent of `armEndpoint`, which tests redirect). */
  armScope: string;
  /** Login server suffix of registries in this cloud, e.g. `.azurecr.io`. */
  acrSuffix: string;
  /** True when the authority is not a Microsoft host MSAL knows (emulators): skips instance discovery. */
  customAuthority: boolean;
}

const BUILT_IN: Record<CloudName, CloudEndpoints> = {
  AzureCloud: {
    name: 'AzureCloud',
    displayName: 'Azure (global)',
    authorityHost: 'https://login.microsoftonline.com',
    authorityAliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    acrSuffix: '.azurecr.io',
    customAuthority: false,
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    displayName: 'Azure US Government',
    authorityHost: 'https://login.microsoftonline.us',
    authorityAliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    acrSuffix: '.azurecr.us',
    customAuthority: false,
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    displayName: 'Azure operated by 21Vianet (China)',
    authorityHost: 'https://login.chinacloudapi.cn',
    authorityAliases: ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn'],
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    acrSuffix: '.azurecr.cn',
    customAuthority: false,
  },
};

export interface CloudOverride {
  /** e.g. `https://127.0.0.1:PORT` of an Entra emulator. */
  authorityHost?: string;
  /** e.g. `https://127.0.0.1:PORT` of an ARM emulator. */
  armEndpoint?: string;
  armScope?: string;
  acrSuffix?: string;
}
export type CloudOverrides = Partial<Record<CloudName, CloudOverride>>;

function origin(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new Error(`${url} must be an https URL`);
  return parsed.origin;
}

export function resolveCloud(name: CloudName, overrides: CloudOverrides = {}): CloudEndpoints {
  const base = BUILT_IN[name];
  const override = overrides[name];
  if (!override) return base;
  const authorityHost = override.authorityHost ? origin(override.authorityHost) : base.authorityHost;
  const customAuthority = authorityHost !== base.authorityHost;
  return {
    ...base,
    authorityHost,
    authorityAliases: customAuthority ? [new URL(authorityHost).host] : base.authorityAliases,
    armEndpoint: override.armEndpoint ? origin(override.armEndpoint) : base.armEndpoint,
    armScope: override.armScope ?? base.armScope,
    acrSuffix: override.acrSuffix ?? base.acrSuffix,
    customAuthority,
  };
}

export function isCloudName(value: unknown): value is CloudName {
  return typeof value === 'string' && (CLOUD_NAMES as readonly string[]).includes(value);
}
