// Why a warm-up pull failed, in a sentence with what to do. The registry answers in the
// distribution error format ({"errors":[{code,message}]}, acr-facts.md §5.1); a cache rule's
// upstream refusal reaches the client through it. Docker Hub's rate limit is HTTP 429 /
// TOOMANYREQUESTS ("You have reached your pull rate limit", §5.5); a tag the upstream lacks is
// MANIFEST_UNKNOWN; a credential set ACR cannot use shows as Unhealthy on the set (ARM), which is
// the surest sign when a pull through its rule is refused.

export interface PullFailure {
  readonly status: number;
  readonly code: string | null;
  readonly message: string | null;
}

export interface FailureContext {
  /** `library/nginx:1.27` in the registry. */
  readonly image: string;
  /** The rule whose target covers the repository, if any. */
  readonly rule: { readonly name: string; readonly source: string } | null;
  /** What ACR fetches upstream for it (`docker.io/library/nginx:1.27`), when a rule covers it. */
  readonly upstreamImage?: string | null;
  /** The rule's credential set and its health, when it has one. */
  readonly credentialSet: { readonly name: string; readonly status: string; readonly errorCode: string | null } | null;
}

/** The first distribution error of a response body, if it has one. */
export function distributionErrorOf(body: string | undefined): { code: string | null; message: string | null } {
  try {
    const parsed = JSON.parse(body ?? '') as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const first = parsed.errors?.[0];
    return { code: typeof first?.code === 'string' ? first.code : null, message: typeof first?.message === 'string' ? first.message : null };
  } catch {
    return { code: null, message: null };
  }
}

const said = (f: PullFailure) => (f.code || f.message ? ` (Registry said: ${[f.code, f.message].filter(Boolean).join(': ')})` : ` (HTTP ${f.status})`);

export function explainPullFailure(failure: PullFailure, context: FailureContext): string {
  const code = (failure.code ?? '').toUpperCase();
  const upstream = context.rule ? context.rule.source : 'the upstream';
  const set = context.credentialSet;
  if (failure.status === 429 || code === 'TOOMANYREQUESTS' || /rate limit|toomanyrequests/i.test(failure.message ?? '')) {
    return (
      `${upstream} refused with its pull rate limit: the upstream counts this pull against ${set ? `the account of credential set "${set.name}"` : 'the registry\u2019s anonymous quota'}. ` +
      `${set ? 'Wait for the window to pass, or use an account with a higher limit.' : 'Give the rule a credential set with a Docker Hub account (authenticated pulls get a higher limit), or wait for the window to pass.'}${said(failure)}`
    );
  }
  if (set && set.status !== 'Healthy' && set.status !== 'Unknown' && (failure.status === 401 || failure.status === 403 || failure.status >= 500 || code === 'UNAUTHORIZED' || code === 'DENIED')) {
    return (
      `Credential set "${set.name}" is ${set.status}${set.errorCode ? ` (${set.errorCode})` : ''}: ACR cannot sign in to ${upstream} with it. ` +
      `Grant the set's identity read access to its Key Vault secrets (the credential sets tab shows the commands), check the secrets hold a valid username and token, then warm again.${said(failure)}`
    );
  }
  if (code === 'MANIFEST_UNKNOWN' || (failure.status === 404 && code !== 'NAME_UNKNOWN')) {
    return context.upstreamImage
      ? `${context.upstreamImage} was not found upstream: ${context.upstreamImage.split('/')[0]} has no such tag or digest. Check the tag (it may be a typo, or removed upstream).${said(failure)}`
      : `${context.image} was not found: the upstream has no such tag or digest. Check the tag (it may be a typo, or removed upstream).${said(failure)}`;
  }
  if (code === 'NAME_UNKNOWN') {
    return context.rule
      ? `${upstream} has no repository for ${context.image}, or it needs a login the rule does not have.${said(failure)}`
      : `No cache rule covers ${context.image}, and the registry does not hold it: nothing would fetch it.${said(failure)}`;
  }
  if (failure.status === 401 || failure.status === 403 || code === 'UNAUTHORIZED' || code === 'DENIED') {
    return (
      `The registry did not let your account pull ${context.image}: warming needs a data-plane pull role on the registry (AcrPull, or Container Registry Repository Reader on ABAC registries)` +
      `${context.rule ? `, and the upstream may want a login rule "${context.rule.name}" does not have` : ''}.${said(failure)}`
    );
  }
  return `The registry could not fetch ${context.image} from ${upstream}.${said(failure)}`;
}
