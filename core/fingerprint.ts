// Fingerprints of rules and credential sets: a stable hash of what the registry holds for an item,
// taken when a live registry is imported into a draft. Planning compares them with the registry as
// it is now, so a change someone else made in the meantime shows up as a conflict instead of being
// overwritten. The hash is FNV-1a (64-bit) over a canonical JSON of the item, in plain TypeScript:
// core runs in the renderer too, where node:crypto does not exist, and this is change detection,
// not security.
//
// The canonical form is also what planning compares: names, login servers, credential-set
// references and Key Vault identifiers compare case-insensitively (ARM and Key Vault treat them
// so); repository paths are case-sensitive, but the upstream host in a source is not.

import type { CacheRule, CredentialSet, RuleSet } from './model.ts';

/** `fnv1a64:<16 hex digits>`. */
export type Fingerprint = string;

/** The fingerprints of a registry's items as they were at import, keyed by `nameKey(name)`. */
export interface Baseline {
  readonly rules: Readonly<Record<string, Fingerprint>>;
  readonly credentialSets: Readonly<Record<string, Fingerprint>>;
}

/** How names are compared: ARM resource names are case-insensitive. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** The upstream host of a source compares case-insensitively, the path does not. */
function canonicalSource(source: string): string {
  const slash = source.indexOf('/');
  return slash < 0 ? source.toLowerCase() : source.slice(0, slash).toLowerCase() + source.slice(slash);
}

/** Key Vault identifiers are case-insensitive; a trailing slash names the same secret. */
function canonicalSecret(uri: string): string {
  return uri.trim().replace(/\/+$/, '').toLowerCase();
}

/** A rule's credential-set reference: absent and `''` both mean none. */
export function credentialSetKey(rule: CacheRule): string {
  return rule.credentialSet === undefined || rule.credentialSet === null ? '' : nameKey(rule.credentialSet);
}

/** The parts of a rule that planning compares, in canonical form. */
export function canonicalRule(rule: CacheRule): readonly [string, string, string, string] {
  return [nameKey(rule.name), canonicalSource(rule.source), rule.target, credentialSetKey(rule)];
}

export function canonicalCredentialSet(set: CredentialSet): readonly [string, string, string, string] {
  return [nameKey(set.name), set.loginServer.toLowerCase(), canonicalSecret(set.usernameSecret), canonicalSecret(set.passwordSecret)];
}

/** Whether two rules have the same source and target (what cannot change after creation). */
export function sameRuleRepositories(a: CacheRule, b: CacheRule): boolean {
  return canonicalSource(a.source) === canonicalSource(b.source) && a.target === b.target;
}

export function sameLoginServer(a: CredentialSet, b: CredentialSet): boolean {
  return a.loginServer.toLowerCase() === b.loginServer.toLowerCase();
}

export function sameSecrets(a: CredentialSet, b: CredentialSet): boolean {
  return canonicalSecret(a.usernameSecret) === canonicalSecret(b.usernameSecret) && canonicalSecret(a.passwordSecret) === canonicalSecret(b.passwordSecret);
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** FNV-1a over the UTF-8 bytes of `text`. */
function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  const step = (byte: number): void => {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  };
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) step(code);
    else if (code < 0x800) {
      step(0xc0 | (code >> 6));
      step(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      step(0xe0 | (code >> 12));
      step(0x80 | ((code >> 6) & 0x3f));
      step(0x80 | (code & 0x3f));
    } else {
      step(0xf0 | (code >> 18));
      step(0x80 | ((code >> 12) & 0x3f));
      step(0x80 | ((code >> 6) & 0x3f));
      step(0x80 | (code & 0x3f));
    }
  }
  return hash;
}

function fingerprintOf(kind: string, parts: readonly string[]): Fingerprint {
  return 'fnv1a64:' + fnv1a64(JSON.stringify([kind, ...parts])).toString(16).padStart(16, '0');
}

export function fingerprintRule(rule: CacheRule): Fingerprint {
  return fingerprintOf('cacheRule', canonicalRule(rule));
}

export function fingerprintCredentialSet(set: CredentialSet): Fingerprint {
  return fingerprintOf('credentialSet', canonicalCredentialSet(set));
}

function record(entries: Iterable<readonly [string, Fingerprint]>): Record<string, Fingerprint> {
  // A null prototype: names come from outside, and `__proto__` must be a key like any other.
  const out = Object.create(null) as Record<string, Fingerprint>;
  for (const [key, value] of entries) if (!Object.prototype.hasOwnProperty.call(out, key)) out[key] = value;
  return out;
}

/** The baseline of a registry as just read: what an import remembers. */
export function baselineOf(ruleSet: RuleSet): Baseline {
  return {
    rules: record(ruleSet.rules.map((r) => [nameKey(r.name), fingerprintRule(r)] as const)),
    credentialSets: record(ruleSet.credentialSets.map((s) => [nameKey(s.name), fingerprintCredentialSet(s)] as const)),
  };
}

/** A baseline's fingerprint for a key, or undefined (own keys only). */
export function baselineEntry(entries: Readonly<Record<string, Fingerprint>>, key: string): Fingerprint | undefined {
  return Object.prototype.hasOwnProperty.call(entries, key) ? entries[key] : undefined;
}
