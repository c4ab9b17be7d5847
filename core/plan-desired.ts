// What the registry should hold after a plan, item by item, and the drift conflicts found on the
// way (an item someone else changed in the registry since the draft's baseline).

import { baselineEntry, credentialSetKey, nameKey, sameLoginServer, sameRuleRepositories, sameSecrets, type Fingerprint } from './fingerprint.ts';
import type { CacheRule, CredentialSet } from './model.ts';
import { parseTargetRepository, type RepositoryPattern } from './repository.ts';
import { changedPreviewSettings } from './rule-extensions.ts';
import type { DriftKind, ItemKind, Resolution } from './plan-types.ts';

export function quote(value: string): string {
  return `'${value}'`;
}

export function describeRule(rule: CacheRule): string {
  const cs = rule.credentialSet === undefined || rule.credentialSet === '' ? 'no credential set' : `credential set ${quote(rule.credentialSet)}`;
  return `${quote(rule.target)} ← ${quote(rule.source)}, ${cs}`;
}

export function describeSet(set: CredentialSet): string {
  return `login server ${quote(set.loginServer)}, username ${quote(set.usernameSecret)}, password ${quote(set.passwordSecret)}`;
}

export interface Keyed<T> {
  readonly byKey: Map<string, T>;
  /** Later items whose name repeats an earlier one (case-insensitively): [later, earlier]. */
  readonly duplicates: [T, T][];
}

export function keyed<T extends { readonly name: string }>(items: readonly T[]): Keyed<T> {
  const byKey = new Map<string, T>();
  const duplicates: [T, T][] = [];
  for (const item of items) {
    const key = nameKey(item.name);
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, item);
    else duplicates.push([item, first]);
  }
  return { byKey, duplicates };
}

export function sameRule(a: CacheRule | undefined, b: CacheRule | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameRuleRepositories(a, b) && credentialSetKey(a) === credentialSetKey(b) && changedPreviewSettings(a, b).length === 0;
}

export function sameSet(a: CredentialSet | undefined, b: CredentialSet | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return sameLoginServer(a, b) && sameSecrets(a, b);
}

function driftOf<T>(
  baseline: Readonly<Record<string, Fingerprint>> | undefined,
  key: string,
  live: T | undefined,
  fingerprint: (item: T) => Fingerprint,
): DriftKind | undefined {
  if (baseline === undefined) return undefined;
  const before = baselineEntry(baseline, key);
  const now = live === undefined ? undefined : fingerprint(live);
  if (before === now) return undefined;
  if (before === undefined) return 'added';
  if (now === undefined) return 'deleted';
  return 'changed';
}

export function driftMessage(item: ItemKind, name: string, drift: DriftKind, theirs: string | undefined, mine: string | undefined): string {
  const what = item === 'rule' ? `Rule ${quote(name)}` : `Credential set ${quote(name)}`;
  const since = 'in the registry since the draft was imported';
  const happened =
    drift === 'changed' ? `was changed ${since} (now ${theirs})` : drift === 'deleted' ? `was deleted ${since}` : `was added ${since} (${theirs})`;
  const mineDoes = mine === undefined ? 'delete it' : drift === 'deleted' ? `create it again as ${mine}` : `overwrite it with the draft's ${mine}`;
  const theirsDoes = drift === 'deleted' ? 'leave it deleted' : "keep the registry's version";
  return `${what} ${happened}. Keep mine to ${mineDoes}, or take theirs to ${theirsDoes}.`;
}

/** The desired state of one kind of item, with its conflicts. */
export interface Desired<T> {
  readonly items: Map<string, T>;
  readonly conflicts: Map<string, { drift: DriftKind; theirs: T | undefined; mine: T | undefined; resolution: Resolution | undefined }>;
}

export function desiredState<T extends { readonly name: string }>(
  live: Map<string, T>,
  draft: Map<string, T>,
  prune: (key: string, item: T) => boolean,
  same: (a: T | undefined, b: T | undefined) => boolean,
  baseline: Readonly<Record<string, Fingerprint>> | undefined,
  fingerprint: (item: T) => Fingerprint,
  item: ItemKind,
  resolutions: Readonly<Record<string, Resolution>>,
): Desired<T> {
  const items = new Map<string, T>();
  const conflicts: Desired<T>['conflicts'] = new Map();
  const keys = [...draft.keys(), ...[...live.keys()].filter((k) => !draft.has(k))];
  for (const key of keys) {
    const mine = draft.get(key);
    const theirs = live.get(key);
    const proposed = mine ?? (theirs !== undefined && prune(key, theirs) ? undefined : theirs);
    let chosen = proposed;
    if (!same(theirs, proposed)) {
      const drift = driftOf(baseline, key, theirs, fingerprint);
      if (drift !== undefined) {
        const id = `${item}:${key}`;
        const resolution = Object.prototype.hasOwnProperty.call(resolutions, id) ? resolutions[id] : undefined;
        conflicts.set(key, { drift, theirs, mine: proposed, resolution });
        if (resolution === 'theirs') chosen = theirs;
      }
    }
    if (chosen !== undefined) items.set(key, chosen);
  }
  return { items, conflicts };
}

export function targetPattern(target: string): RepositoryPattern | undefined {
  const parsed = parseTargetRepository(target);
  return parsed.ok ? parsed.value : undefined;
}
