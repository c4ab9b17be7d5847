// One credential set checked on its own: its name, login server and Key Vault secret identifiers.

import type { CredentialSet } from './model.ts';
import { CANDIDATE } from './overlap.ts';
import { parseSecretUri } from './secret-uri.ts';
import { splitScheme, upstreamByLoginServer } from './upstreams.ts';
import { SUPPORTED_LIST, upstreamProblem } from './validate-auth.ts';
import { problem, quote, sentence, text, withEdit, type Problem } from './validate-problem.ts';
import { nameProblem } from './validate-rule.ts';

/** The problems of one credential set on its own. */
export function credentialSetProblems(raw: unknown, index: number): Problem[] {
  const set = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof CredentialSet, unknown>>;
  const name = text(set.name) ?? '';
  const label = name === '' ? (index === CANDIDATE ? 'the new credential set' : `credential set #${index + 1} (unnamed)`) : `credential set '${name}'`;
  const out: Problem[] = [];
  const nameIssue = nameProblem('credential set', set.name, name, label);
  if (nameIssue !== undefined) out.push(nameIssue);
  const loginServer = text(set.loginServer);
  if (loginServer === undefined || loginServer === '') {
    out.push(problem('error', 'unsupported-upstream', name, 'loginServer', `${label} has no login server.`, `set the upstream it logs in to, one of ${SUPPORTED_LIST}`));
  } else if (splitScheme(loginServer) !== undefined || loginServer.includes('/')) {
    // a pasted URL (`https://docker.io/`) or a repository (`docker.io/library`): the host is meant
    const host = (splitScheme(loginServer)?.rest ?? loginServer).split('/')[0] ?? '';
    const what = splitScheme(loginServer) !== undefined ? `starts with the scheme ${quote(splitScheme(loginServer)?.scheme ?? '')}` : 'has a path';
    const p = problem('error', 'unsupported-upstream', name, 'loginServer', `The login server ${quote(loginServer)} of ${label} ${what}; a login server is the upstream's host name.`, `${splitScheme(loginServer) !== undefined ? 'drop the scheme: ' : ''}write ${quote(host.toLowerCase())}`);
    out.push(withEdit(p, 'loginServer', host.toLowerCase()));
  } else {
    const upstream = upstreamByLoginServer(loginServer);
    const subject = `The login server of ${label}`;
    // No warning for an anonymous-only upstream: the 2026 service created an MCR credential set
    // and a rule using it (shared/data/azure-recorded R26).
    if (upstream === undefined) out.push(upstreamProblem(name, 'loginServer', subject, loginServer));
  }
  for (const field of ['usernameSecret', 'passwordSecret'] as const) {
    const which = field === 'usernameSecret' ? 'username' : 'password';
    const value = text(set[field]);
    const parsed = parseSecretUri(value ?? '');
    const subject = `The ${which} secret of ${label}`;
    if (!parsed.ok) {
      out.push(problem('error', 'invalid-secret-uri', name, field, `${subject} is not a Key Vault secret identifier: ${sentence(parsed.error)}`, parsed.fix));
    } else if (parsed.warning !== undefined) {
      out.push(problem('warning', 'invalid-secret-uri', name, field, `${subject} ${quote(value ?? '')}: ${sentence(parsed.warning)}`, undefined));
    }
  }
  return out;
}

