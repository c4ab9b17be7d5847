// A rule's upstream and how it authenticates there: the catalog's verdict on the source's host
// (with one fix for an alias or a port), the credential set it needs, may have or must not have,
// and the managed identity of ACR-to-ACR caching. Each fix that is one value carries it as an
// edit (validate-problem.ts), so the editor applies it in one click.

import type { CredentialSet } from './model.ts';
import type { SourceRepository } from './repository.ts';
import { USER_ASSIGNED_IDENTITY_ID } from './rule-extensions.ts';
import {
  canonicalLoginServer,
  CATALOG_CHECKED,
  isAcrLoginServer,
  upstreamByAlias,
  upstreamByLoginServer,
  upstreamIgnoringPort,
  UPSTREAMS,
  type Upstream,
} from './upstreams.ts';
import { problem, quote, withEdit, type Problem, type ProblemField } from './validate-problem.ts';

export const SUPPORTED_LIST = UPSTREAMS.map((u) => u.loginServer).join(', ');

/**
 * `unsupported-upstream` for a host, with the best fix we can name. `rewrite` turns the host's
 * replacement into the field's whole new value (the source keeps its path).
 */
export function upstreamProblem(owner: string, field: ProblemField, subject: string, host: string, rewrite: (host: string) => string = (h) => h): Problem {
  const alias = upstreamByAlias(host);
  if (alias !== undefined) {
    const p = problem('error', 'unsupported-upstream', owner, field, `${subject} names ${quote(host)}, another name of ${alias.displayName}; ACR knows it only as ${quote(alias.loginServer)}.`, `write ${quote(rewrite(alias.loginServer))}`);
    return withEdit(p, field, rewrite(alias.loginServer));
  }
  const bare = upstreamIgnoringPort(host);
  if (bare !== undefined) {
    const p = problem('error', 'unsupported-upstream', owner, field, `${subject} names ${quote(host)}; ACR knows ${bare.displayName} as ${quote(bare.loginServer)}, without a port.`, `write ${quote(rewrite(bare.loginServer))}`);
    return withEdit(p, field, rewrite(bare.loginServer));
  }
  // The catalog lags the service (upstreams are added often): a host it does not list is a
  // warning, so plan and export go on and Azure has the last word.
  const kind = isAcrLoginServer(host) ? `the Azure container registry ${quote(host)}, which` : quote(host);
  return problem('warning', 'unsupported-upstream', owner, field, `${subject} names ${kind} is not in the upstream catalog as of ${CATALOG_CHECKED}; ACR may refuse it.`, `check the current list (artifact-cache-overview.md), or use one of ${SUPPORTED_LIST}`);
}

/** The catalogued host a source's path starts with (`docker.io/ghcr.io/org/app`), if any. */
function hostInPath(source: SourceRepository): string | undefined {
  const p = source.pattern;
  const path = p.kind === 'static' ? p.path : p.prefix;
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  const first = path.slice(0, slash);
  if (!first.includes('.') || first === source.loginServer) return undefined;
  return upstreamByLoginServer(first) !== undefined || upstreamByAlias(first) !== undefined ? first : undefined;
}

/** The upstream a host means, including its aliases and the host with a port (for the auth checks). */
function upstreamMeant(host: string): Upstream | undefined {
  return upstreamByLoginServer(host) ?? upstreamByAlias(host) ?? upstreamIgnoringPort(host);
}

/** The rule set's credential sets for `loginServer`, compared as endpoints (case, alias, `:443`). */
function setsFor(credentialSets: ReadonlyMap<string, CredentialSet>, loginServer: string): CredentialSet[] {
  const wanted = canonicalLoginServer(loginServer);
  return [...credentialSets.values()].filter((s) => typeof s.loginServer === 'string' && canonicalLoginServer(s.loginServer) === wanted);
}

function names(sets: readonly CredentialSet[]): string {
  const quoted = sets.slice(0, 5).map((s) => quote(String(s.name)));
  return quoted.length === 1 ? (quoted[0] as string) : `one of ${quoted.join(', ')}`;
}

export interface AuthInput {
  readonly name: string;
  readonly label: string;
  readonly rawSource: string;
  readonly source: SourceRepository | undefined;
  readonly credentialSet: string;
  readonly identity: string;
  readonly credentialSets: ReadonlyMap<string, CredentialSet>;
  readonly credentialSetsListed: boolean;
}

/** The upstream and authentication problems of one rule; `upstream` is the catalog entry it pulls from. */
export function authProblems(input: AuthInput, own: Problem[]): Upstream | undefined {
  const { name, label, rawSource, source, credentialSet, identity, credentialSets } = input;
  let upstream: Upstream | undefined;
  if (source !== undefined) {
    const host = source.loginServer;
    upstream = upstreamByLoginServer(host);
    if (upstream === undefined) {
      own.push(upstreamProblem(name, 'source', `The source ${quote(rawSource)} of ${label}`, host, (h) => h + rawSource.slice(host.length)));
      upstream = upstreamMeant(host);
    }
    const loginServer = upstream?.hostSuffix === undefined && upstream?.hostPattern === undefined ? (upstream?.loginServer ?? host) : host;
    const pastedHost = hostInPath(source);
    if (pastedHost !== undefined) {
      // `docker.io/ghcr.io/org/app`: an upstream's host pasted after another's (an editor's path field)
      const path = rawSource.slice(host.length + 1);
      const p = problem('warning', 'invalid-repository', name, 'source', `The source ${quote(rawSource)} of ${label} has ${quote(pastedHost)} as its first path segment, which is the host of another upstream; ${quote(host)} has no such repository.`, `write ${quote(path)}`);
      own.push(withEdit(p, 'source', path));
    }
    if (upstream === undefined) {
      // no verdict on credentials for a host the catalog does not know
    } else if (upstream.credentials === 'required' && credentialSet === '') {
      const usable = setsFor(credentialSets, loginServer);
      const what = `${label} pulls from ${upstream.displayName} (${loginServer}) without a credential set; ACR refuses such rules because ${upstream.displayName} allows authenticated pulls only.`;
      if (usable.length === 0) {
        own.push(problem('error', 'credentials-required', name, 'credentialSet', what, `create a credential set for ${quote(loginServer)} and set it on ${label}`));
      } else {
        // the draft already has a set for this upstream: offer it (the first, when there are several)
        const p = problem('error', 'credentials-required', name, 'credentialSet', what, `use credential set ${names(usable)}, which log${usable.length === 1 ? 's' : ''} in to ${quote(loginServer)}`);
        own.push(withEdit(p, 'credentialSet', String((usable[0] as CredentialSet).name)));
      }
    } else if (upstream.auth.includes('managed-identity') && credentialSet === '' && identity === '') {
      own.push(problem('error', 'identity-required', name, 'identity', `${label} caches from ${upstream.displayName} (${loginServer}), which ACR reads with the rule's user-assigned managed identity, and the rule has none.`, `set the resource ID of a user-assigned identity that has the Container Registry Repository Reader role on ${quote(loginServer)}`));
    } else if (upstream.credentials === 'not-supported' && credentialSet !== '') {
      // The catalog's auth modes allow no credential set here: the one fix is to remove it. A
      // set for this very upstream is a warning (the 2026 service accepted one for MCR,
      // shared/data/azure-recorded R26); a set for another upstream is wrong either way.
      const set = credentialSets.get(credentialSet.toLowerCase());
      const elsewhere = set !== undefined && typeof set.loginServer === 'string' && canonicalLoginServer(set.loginServer) !== canonicalLoginServer(loginServer);
      const what = `${label} has credential set ${quote(credentialSet)}${elsewhere ? ` (for ${quote(String(set?.loginServer))})` : ''}, but ${upstream.displayName} (${loginServer}) is documented for ${upstream.auth.includes('managed-identity') ? 'managed-identity authentication' : 'anonymous pulls'} only.`;
      own.push(withEdit(problem(elsewhere ? 'error' : 'warning', 'credentials-not-supported', name, 'credentialSet', what, `remove the credential set from ${label}`), 'credentialSet', ''));
    }
  }
  if (identity !== '') {
    if (!USER_ASSIGNED_IDENTITY_ID.test(identity)) {
      own.push(problem('error', 'invalid-identity', name, 'identity', `${label} has the identity ${quote(identity)}, which is not the resource ID of a user-assigned managed identity.`, `use '/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>' (az identity show --query id)`));
    } else if (upstream !== undefined && !upstream.auth.includes('managed-identity')) {
      const p = problem('warning', 'invalid-identity', name, 'identity', `${label} has a managed identity, but ${upstream.displayName} is not read with one (only another Azure container registry is).`, `remove the identity from ${label}, unless Azure documents it for this upstream now`);
      own.push(withEdit(p, 'identity', ''));
    }
  }

  if (credentialSet !== '' && input.credentialSetsListed) {
    const set = credentialSets.get(credentialSet.toLowerCase());
    const loginServer = source === undefined ? undefined : (upstream !== undefined && upstream.hostSuffix === undefined && upstream.hostPattern === undefined ? upstream.loginServer : source.loginServer);
    const usable = loginServer === undefined ? [] : setsFor(credentialSets, loginServer);
    if (set === undefined) {
      const known = [...credentialSets.values()];
      const fix = usable.length > 0 ? `use credential set ${names(usable)}, or add credential set ${quote(credentialSet)}` : known.length === 0 ? `add credential set ${quote(credentialSet)} to the rule set` : `add credential set ${quote(credentialSet)}, or use ${names(known)}`;
      const p = problem('error', 'unknown-credential-set', name, 'credentialSet', `${label} uses credential set ${quote(credentialSet)}, which the rule set does not define.`, fix);
      own.push(usable.length > 0 ? withEdit(p, 'credentialSet', String((usable[0] as CredentialSet).name)) : p);
    } else if (loginServer !== undefined && upstream?.credentials !== 'not-supported' && typeof set.loginServer === 'string' && canonicalLoginServer(set.loginServer) !== canonicalLoginServer(loginServer)) {
      // login servers compare as endpoints: `Docker.io`, `registry-1.docker.io` and `docker.io:443`
      // are docker.io (the set's own check names its alias). For an upstream that takes no
      // credential set, the one fix is to remove it (above), not to pick another.
      const fix = usable.length > 0 ? `use credential set ${names(usable)}` : `use a credential set whose login server is ${quote(loginServer)}`;
      const p = problem('error', 'credential-login-server-mismatch', name, 'credentialSet', `${label} pulls from ${quote(loginServer)} but its credential set ${quote(credentialSet)} holds credentials for ${quote(set.loginServer)}.`, fix, String(set.name));
      own.push(usable.length > 0 ? withEdit(p, 'credentialSet', String((usable[0] as CredentialSet).name)) : p);
    }
  }
  return upstream;
}
