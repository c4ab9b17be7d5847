// Plain-language explanations for what Azure Resource Manager (and the network under it) can
// answer to the app's calls. Pure data + one lookup function: main turns SDK errors into
// { code, status, message } and asks here what to tell the user; the renderer can use the same
// table to explain an error stored in a plan result.
import { MAX_RULES_PER_REGISTRY } from './model.ts';

/** Stable error kinds; they become AppError codes, so the UI and tests can key on them. */
export type ArmErrorKind =
  | 'target-repository-exists'
  | 'target-prefix-matches-existing'
  | 'docker-hub-needs-credentials'
  | 'identity-not-supported'
  | 'api-version-unsupported'
  | 'quota-exceeded'
  | 'wrong-tenant'
  | 'not-authorized'
  | 'sign-in-required'
  | 'not-found'
  | 'conflict'
  | 'throttled'
  | 'invalid-request'
  | 'operation-failed'
  | 'server-error'
  | 'tls-error'
  | 'network-error'
  | 'cancelled'
  | 'azure-error';

export interface ArmErrorInput {
  /** ARM error code (`error.code` of the body), a Node network code (`ECONNREFUSED`) or a TLS code. */
  code?: string | null;
  /** HTTP status, when there was a response. */
  status?: number | null;
  /** What the server (or the network stack) said. Shown verbatim after the explanation. */
  message?: string | null;
  /** True when Azure accepted the request and the long-running operation failed afterwards. */
  operationFailed?: boolean;
  /** What the user was working on, e.g. `cache rule "docker-nginx"`. */
  subject?: string | null;
  /** What the app was doing with it, e.g. `create`. */
  action?: string | null;
}

export interface ArmErrorExplanation {
  kind: ArmErrorKind;
  title: string;
  /** What happened, in plain words. */
  explanation: string;
  /** What to do about it. */
  fix: string;
  /** Whether trying the same call again later can succeed without changing anything. */
  retryable: boolean;
  serverCode: string | null;
  serverMessage: string | null;
  /** One message for an AppError: subject, explanation, fix and what Azure said. */
  message: string;
}

export interface ArmErrorEntry {
  kind: ArmErrorKind;
  title: string;
  /** ARM / network error codes, compared case-insensitively. */
  codes: readonly string[];
  /** HTTP statuses that mean this when the code is unknown. */
  statuses?: readonly number[];
  explanation: string;
  fix: string;
  retryable: boolean;
}

export const ARM_ERROR_TABLE: readonly ArmErrorEntry[] = [
  {
    kind: 'target-repository-exists',
    title: 'The target repository already exists',
    codes: ['TargetRepositoryAlreadyPresentInRegistry'],
    explanation:
      'The registry already has a repository at the rule\'s target path. A cache rule may only point at a path that does not exist yet, because cached content would mix with pushed images.',
    fix: 'Choose another target path (for example prefix it with the upstream, like "docker-hub/nginx"), or delete the existing repository first (az acr repository delete).',
    retryable: false,
  },
  {
    kind: 'target-prefix-matches-existing',
    title: 'Existing repositories sit under the wildcard target',
    codes: ['TargetRepositoryPrefixMatchesExistingRegistries'],
    explanation:
      'One or more repositories already exist under the rule\'s wildcard target prefix. A wildcard rule may not cover repositories that were pushed or cached before it.',
    fix: 'Use a target prefix that no existing repository starts with (for example "quay-cache/..."), or delete the repositories under that prefix first (az acr repository list / delete).',
    retryable: false,
  },
  {
    kind: 'docker-hub-needs-credentials',
    title: 'Docker Hub needs a credential set',
    codes: ['EnforceDockerAuthentication'],
    explanation: 'Azure caches from Docker Hub (docker.io) only with authenticated pulls, and the rule has no credential set.',
    fix: 'Create a credential set for docker.io (a Docker Hub user name and access token stored as Key Vault secrets), grant its identity access to the vault, and attach it to the rule.',
    retryable: false,
  },
  {
    // Real body: Azure/azure-rest-api-specs#32154 (shared/data/azure-recorded errCannotSetIdentity).
    kind: 'identity-not-supported',
    title: 'That kind of identity is not supported here',
    codes: ['CannotSetResourceIdentity'],
    explanation:
      'A credential set can only have a system-assigned managed identity: Azure refuses a user-assigned one. (A user-assigned identity belongs on the cache rule itself, for caching from another Azure container registry.)',
    fix: 'Create the credential set with a system-assigned identity (what this app and az acr credential-set create send), then grant that identity "get" on the Key Vault secrets. To read another registry with a user-assigned identity, set the identity on the cache rule instead.',
    retryable: false,
  },
  {
    kind: 'api-version-unsupported',
    title: 'Azure does not offer this API version here',
    codes: ['NoRegisteredProviderFound', 'InvalidApiVersionParameter'],
    explanation: 'The region or cloud does not serve the API version the app used for this call (preview versions reach sovereign clouds later).',
    fix: 'Update the app; if the call reads or writes preview cache-rule settings (sync, filters, identity), manage those with az acr cache in this cloud for now.',
    retryable: false,
  },
  {
    kind: 'quota-exceeded',
    title: 'A registry limit was reached',
    codes: ['QuotaExceeded', 'ResourceQuotaExceeded', 'LimitExceeded'],
    explanation: `The registry reached a limit; for cache rules that is ${MAX_RULES_PER_REGISTRY.toLocaleString('en-US')} rules per registry.`,
    fix: 'Delete rules you no longer need, or merge several static rules into one wildcard rule (for example "library/*").',
    retryable: false,
  },
  {
    kind: 'wrong-tenant',
    title: 'The subscription belongs to another directory',
    codes: ['InvalidAuthenticationTokenTenant'],
    explanation: 'The access token was issued for a different Microsoft Entra tenant than the one that owns the subscription.',
    fix: 'Pick the subscription under its own tenant, or sign in again with that tenant set in the account menu.',
    retryable: false,
  },
  {
    kind: 'not-authorized',
    title: 'Not allowed',
    codes: ['AuthorizationFailed', 'LinkedAuthorizationFailed', 'Forbidden', 'RoleAssignmentNotFound'],
    statuses: [403],
    explanation: 'Your account does not have permission for this action on the registry.',
    fix: 'Ask an owner of the registry for a role that can manage cache rules and credential sets (Contributor, or a role with Microsoft.ContainerRegistry/registries/cacheRules/* and credentialSets/*). If access was granted a moment ago, sign out and in again.',
    retryable: false,
  },
  {
    kind: 'sign-in-required',
    title: 'Sign in again',
    codes: ['sign-in-required', 'AuthenticationFailed', 'InvalidAuthenticationToken', 'ExpiredAuthenticationToken'],
    statuses: [401],
    explanation: 'Your sign-in has expired, was revoked, or needs to be confirmed again (for example for multi-factor authentication).',
    fix: 'Sign in again from the account menu; nothing you were editing is lost.',
    retryable: false,
  },
  {
    kind: 'not-found',
    title: 'Not found',
    codes: ['NotFound', 'ResourceNotFound', 'ResourceGroupNotFound', 'SubscriptionNotFound', 'ParentResourceNotFound'],
    statuses: [404],
    explanation: 'Azure does not know this resource: it was deleted or renamed, possibly by someone else, or it lives in another subscription.',
    fix: 'Refresh the list; if it should exist, check the subscription and resource group.',
    retryable: false,
  },
  {
    kind: 'conflict',
    title: 'Conflicts with the registry\'s current state',
    codes: ['Conflict', 'ResourceAlreadyExists', 'AnotherOperationInProgress', 'OperationNotAllowed'],
    statuses: [409],
    explanation:
      'The change conflicts with what is in the registry now: another rule already uses this target, two wildcard targets overlap, the resource is in use, or another change to it is still running.',
    fix: 'Refresh to see the registry as it is now, then change the target (wildcard targets may not contain one another; two rules may not share a target) or wait for the running change to finish.',
    retryable: false,
  },
  {
    kind: 'throttled',
    title: 'Azure is throttling requests',
    codes: ['TooManyRequests', 'SubscriptionRequestsThrottled', 'TenantRequestsThrottled', 'RequestThrottled'],
    statuses: [429],
    explanation: 'Azure Resource Manager refused the call because too many requests were sent in a short time; the app already waited and retried as Azure asked.',
    fix: 'Wait a minute and try again; apply fewer changes at once.',
    retryable: true,
  },
  {
    kind: 'invalid-request',
    title: 'Azure rejected the input',
    codes: ['InvalidParameter', 'BadRequest', 'InvalidRequestContent', 'InvalidResourceName', 'InvalidRequestFormat', 'MissingApiVersionParameter'],
    statuses: [400],
    explanation: 'Azure rejected a value in the request.',
    fix: 'Check the rule name (5–50 letters, digits, hyphens), the repository paths (lowercase, no tag or digest) and the credential set named in Azure\'s message.',
    retryable: false,
  },
  {
    kind: 'operation-failed',
    title: 'The operation failed in Azure',
    codes: [],
    explanation: 'Azure accepted the change but the long-running operation behind it failed.',
    fix: 'Refresh to see what was applied, then try again; if it fails again, the message from Azure names the cause.',
    retryable: true,
  },
  {
    kind: 'server-error',
    title: 'Azure had a problem',
    codes: ['InternalServerError', 'ServiceUnavailable', 'GatewayTimeout', 'InternalError'],
    statuses: [500, 502, 503, 504],
    explanation: 'Azure answered with a server error; the app already retried.',
    fix: 'Try again in a few minutes; check https://status.azure.com if it keeps failing.',
    retryable: true,
  },
  {
    kind: 'tls-error',
    title: 'The secure connection could not be verified',
    codes: [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_UNTRUSTED',
    ],
    explanation: 'The server\'s TLS certificate is not trusted; this usually means a proxy or firewall inspects HTTPS traffic.',
    fix: 'Ask your IT department for the proxy\'s root certificate and install it in the operating system\'s trust store, or connect from another network.',
    retryable: false,
  },
  {
    kind: 'network-error',
    title: 'Azure could not be reached',
    codes: ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'REQUEST_SEND_ERROR'],
    explanation: 'The request did not reach Azure (no network, DNS failure, or the connection was cut).',
    fix: 'Check the network connection and any proxy or VPN, then try again.',
    retryable: true,
  },
  {
    kind: 'cancelled',
    title: 'Cancelled',
    codes: ['AbortError', 'cancelled'],
    explanation: 'The call was cancelled before Azure answered; changes already accepted by Azure may still complete.',
    fix: 'Refresh to see the registry as it is now.',
    retryable: true,
  },
];

const FALLBACK: ArmErrorEntry = {
  kind: 'azure-error',
  title: 'Azure returned an error',
  codes: [],
  explanation: 'Azure refused the call.',
  fix: 'Read Azure\'s message below; refresh and try again once the cause is fixed.',
  retryable: false,
};

const BY_CODE = new Map<string, ArmErrorEntry>();
for (const entry of ARM_ERROR_TABLE) for (const code of entry.codes) BY_CODE.set(code.toLowerCase(), entry);

export function findArmErrorEntry(input: Pick<ArmErrorInput, 'code' | 'status' | 'operationFailed'>): ArmErrorEntry {
  const byCode = input.code ? BY_CODE.get(input.code.toLowerCase()) : undefined;
  if (byCode) return byCode;
  if (input.operationFailed) return ARM_ERROR_TABLE.find((e) => e.kind === 'operation-failed') ?? FALLBACK;
  if (typeof input.status === 'number') {
    const byStatus = ARM_ERROR_TABLE.find((e) => e.statuses?.includes(input.status as number));
    if (byStatus) return byStatus;
    if (input.status >= 500) return ARM_ERROR_TABLE.find((e) => e.kind === 'server-error') ?? FALLBACK;
  }
  return FALLBACK;
}

function clip(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function explainArmError(input: ArmErrorInput): ArmErrorExplanation {
  const entry = findArmErrorEntry(input);
  const serverCode = input.code?.trim() || null;
  const serverMessage = input.message?.trim() ? clip(input.message, 600) : null;
  const what = input.subject ? (input.action ? `Could not ${input.action} ${input.subject}: ` : `${input.subject}: `) : '';
  let detail = '';
  if (serverCode || serverMessage) {
    const said = [serverCode, serverMessage].filter((part): part is string => Boolean(part)).join(': ');
    detail = ` (Azure said: ${said})`;
  } else if (typeof input.status === 'number') {
    detail = ` (HTTP ${input.status})`;
  }
  return {
    kind: entry.kind,
    title: entry.title,
    explanation: entry.explanation,
    fix: entry.fix,
    retryable: entry.retryable,
    serverCode,
    serverMessage,
    message: `${what}${entry.explanation} ${entry.fix}${detail}`,
  };
}

export interface CredentialHealthExplanation {
  title: string;
  explanation: string;
  fix: string;
}

/**
 * What a credential set's `credentialHealth.errorCode` means and how to fix it. Codes from the
 * recordings (shared/data/azure-recorded): `Forbidden` ("... does not have secrets get permission
 * on key vault ...", 2026) and `unauthorized_client` (AADSTS700016, 2023-01-01-preview); both seen
 * right after creation, before the set's identity was granted access. Other codes stay opaque.
 */
export function explainCredentialHealth(health: { status: string; errorCode: string | null }, principalId: string | null): CredentialHealthExplanation | null {
  // 'Unknown' is the app's word for "Azure reported no health yet": nothing to explain.
  const status = health.status.toLowerCase();
  if (status === 'healthy' || (status === 'unknown' && !health.errorCode)) return null;
  const who = principalId ? `the credential set's identity (object ID ${principalId})` : "the credential set's system-assigned identity";
  const grant = `Grant ${who} "get" on the two secrets: with access policies, az keyvault set-policy --name <vault> --object-id ${principalId ?? '<principalId>'} --secret-permissions get; with Azure RBAC, the Key Vault Secrets User role on the vault. Health is re-checked by Azure; refresh after a minute.`;
  switch ((health.errorCode ?? '').toLowerCase()) {
    case 'forbidden':
      return { title: 'The identity cannot read the Key Vault secrets', explanation: `Key Vault refused ${who}: it has no permission to get the secrets yet. This is normal right after creating the set.`, fix: grant };
    case 'unauthorized_client':
      return {
        title: 'The identity is not known to Key Vault yet',
        explanation: `Microsoft Entra ID did not (yet) know ${who} when Azure checked the secrets, or the identity has no access to the vault.`,
        fix: `${grant} If the set is brand new, wait a few minutes for the identity to replicate.`,
      };
    default:
      return { title: 'The credentials are unhealthy', explanation: 'Azure could not use the username/password secrets: they may be missing, expired or wrong, or the identity cannot read them.', fix: `Check that both secrets exist and hold a valid user name and token, then: ${grant}` };
  }
}
