// Drafts: offline rule sets the user edits without signing in. Every change is written through
// the store at once (no unsaved state in the main process) and recorded for undo/redo.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { CacheRule, CredentialSet, RuleSet } from '../../core/model.ts';
import type { Draft, DraftLink, DraftState, DraftStoreStatus, DraftSummary, RuleSetFormat } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { createDraftWrites } from './draft-writes.ts';
import { importFromPath, importRefusal, parseForImport, type FileDialogs, type RuleSetCodec } from './file-import.ts';
import { EditHistory, type HistoryLimits } from './history.ts';
import { draftSchema } from './store-document.ts';
import type { DraftStore } from './store.ts';
import { describeSchemaIssue, formatSchemaPath } from '../../core/rule-set-schema.ts';

// File import lives in file-import.ts; its types and the draft naming stay importable from here.
export { draftNameOfFile, type FileDialogs, type RuleSetCodec } from './file-import.ts';

export interface RuleChecker {
  /** Error-severity problems that keep `candidate` out of `ruleSet` (replacing the rule named `replacing`). */
  ruleErrors(ruleSet: RuleSet, candidate: CacheRule, replacing: string | null): string[];
  credentialSetErrors(ruleSet: RuleSet, candidate: CredentialSet, replacing: string | null): string[];
}

export interface DraftServiceDeps {
  store: DraftStore;
  dialogs: FileDialogs;
  codec: RuleSetCodec;
  checker: RuleChecker;
  now?: () => Date;
  /** Told of each file imported or exported (Open Recent, main/drafts/recent-files.ts). */
  onFileUsed?: (path: string, kind: 'imported' | 'exported') => void;
  /** How much undo history each draft keeps (by count and by bytes). */
  historyLimits?: Partial<HistoryLimits>;
}

const MAX_DRAFT_NAME = 100;

function sameName(a: string, b: string): boolean {
  // ARM names compare case-insensitively
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * A copy to change: new lists, the same rule and credential-set objects. Those are never changed in
 * place (an edit puts a new object in the list), so the old rule set stays as it was: the undo
 * history and a rollback after a failed write rely on that.
 */
function editable(ruleSet: RuleSet): RuleSet {
  return { ...ruleSet, rules: [...ruleSet.rules], credentialSets: [...ruleSet.credentialSets] };
}

/** What the store's own schema says is wrong with a new draft, naming the field; [] when nothing. */
function storeSchemaProblems(draft: Draft): string[] {
  const parsed = draftSchema.safeParse(draft);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = formatSchemaPath(issue.path[0] === 'ruleSet' ? issue.path.slice(1) : issue.path);
    return `${path || 'draft'}: ${describeSchemaIssue(issue, draft)}`;
  });
}

export function createDraftService(deps: DraftServiceDeps) {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const histories = new Map<string, EditHistory>();
  const writes = createDraftWrites(store);

  const historyOf = (id: string) => {
    let history = histories.get(id);
    if (!history) histories.set(id, (history = new EditHistory(deps.historyLimits)));
    return history;
  };

  function find(id: string): Draft {
    const draft = store.data.drafts.find((d) => d.id === id);
    if (!draft) throw new AppError('draft-not-found', `No draft with id "${id}" exists any more. It may have been deleted; pick another draft.`);
    return draft;
  }

  function state(draft: Draft): DraftState {
    const history = historyOf(draft.id);
    return { draft, undo: history.undoLabel, redo: history.redoLabel };
  }

  function checkDraftName(name: string): string {
    const trimmed = name.trim();
    if (!trimmed) throw new AppError('invalid-draft-name', 'A draft needs a name: type one, e.g. "contoso-prod".');
    if (trimmed.length > MAX_DRAFT_NAME) {
      throw new AppError('invalid-draft-name', `The draft name is ${trimmed.length} characters long; keep it to ${MAX_DRAFT_NAME}.`);
    }
    return trimmed;
  }

  function uniqueDraftName(wanted: string): string {
    const taken = new Set(store.data.drafts.map((d) => d.name.toLowerCase()));
    if (!taken.has(wanted.toLowerCase())) return wanted;
    for (let n = 2; ; n++) {
      const candidate = `${wanted} (${n})`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  /**
   * Adds a new draft. It is checked with the store's own schema first: a draft the store would
   * refuse at the next start must never be accepted now.
   */
  async function insert(name: string, ruleSet: RuleSet, origin: Draft['origin'], link?: DraftLink): Promise<DraftState> {
    const stamp = now().toISOString();
    const draft: Draft = { id: randomUUID(), name: uniqueDraftName(checkDraftName(name)), createdAt: stamp, updatedAt: stamp, ruleSet };
    if (origin) draft.origin = origin;
    if (link) draft.link = link;
    const problems = storeSchemaProblems(draft);
    if (problems.length > 0) throw importRefusal(origin?.detail ?? 'The rule set', problems);
    await writes.commit(() => store.data.drafts.push(draft));
    return state(draft);
  }

  /** Applies an edit to a draft's rule set; once it is saved, undo can take it back. */
  async function edit(id: string, label: string, change: (ruleSet: RuleSet) => RuleSet): Promise<DraftState> {
    const draft = find(id);
    const before = draft.ruleSet;
    const after = change(editable(before));
    await writes.commit(() => {
      draft.ruleSet = after;
      draft.updatedAt = now().toISOString();
    });
    historyOf(id).record(label, before, after);
    return state(draft);
  }

  async function step(id: string, direction: 'undo' | 'redo'): Promise<DraftState> {
    const draft = find(id);
    const history = historyOf(id);
    const next = direction === 'undo' ? history.peekUndo(draft.ruleSet) : history.peekRedo(draft.ruleSet);
    if (!next) throw new AppError(`nothing-to-${direction}`, `There is nothing to ${direction} in draft "${draft.name}".`);
    await writes.commit(() => {
      draft.ruleSet = next.ruleSet;
      draft.updatedAt = now().toISOString();
    });
    if (direction === 'undo') history.undone();
    else history.redone();
    return state(draft);
  }

  function refuse(code: string, what: string, errors: string[]): never {
    throw new AppError(code, `${what} was not saved: ${errors.join(' ')}`);
  }

  // Every change waits for the one before it: a rollback after a failed write must not undo a
  // change made meanwhile, and a check must see the draft the change will be made to.
  const { exclusive } = writes;

  async function importText(name: string, text: string, origin: Draft['origin'] = { kind: 'file', detail: 'pasted text' }): Promise<DraftState> {
    const ruleSet = parseForImport(deps.codec, text, origin);
    return insert(name, ruleSet, { ...origin, kind: origin?.kind ?? 'file', at: now().toISOString() });
  }

  /** Imports a file main chose (the file dialog, Open Recent, a file the OS opened with the app). */
  const importPath = importFromPath({
    importText: (name, text, origin) => exclusive(() => importText(name, text, origin)),
    ...(deps.onFileUsed ? { onFileUsed: deps.onFileUsed } : {}),
  });

  return {
    status(): DraftStoreStatus {
      return { file: store.file, recovered: store.recovery, setAside: store.setAside, repaired: store.repaired, problem: store.problem, unsaved: writes.unsaved() };
    },

    list(): DraftSummary[] {
      return store.data.drafts
        .map((d) => ({
          id: d.id,
          name: d.name,
          registry: d.ruleSet.registry ?? null,
          ruleCount: d.ruleSet.rules.length,
          credentialSetCount: d.ruleSet.credentialSets.length,
          updatedAt: d.updatedAt,
        }))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.name.localeCompare(b.name));
    },

    open(id: string): DraftState {
      return state(find(id));
    },

    create(input: { name: string; registry?: string }): Promise<DraftState> {
      const registry = input.registry?.trim().toLowerCase();
      return exclusive(() => insert(input.name, registry ? { registry, rules: [], credentialSets: [] } : { rules: [], credentialSets: [] }, { kind: 'new' }));
    },

    rename: (id: string, name: string): Promise<DraftState> =>
      exclusive(async () => {
        const draft = find(id);
        const wanted = checkDraftName(name);
        if (store.data.drafts.some((d) => d.id !== id && d.name.toLowerCase() === wanted.toLowerCase())) {
          throw new AppError('duplicate-draft-name', `Another draft is already called "${wanted}": pick a different name.`);
        }
        await writes.commit(() => {
          draft.name = wanted;
          draft.updatedAt = now().toISOString();
        });
        return state(draft);
      }),

    duplicate: (id: string): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        return insert(`${draft.name} copy`, editable(draft.ruleSet), { kind: 'copy', detail: draft.name, at: now().toISOString() });
      }),

    /** Works on a full disk too: the store keeps room for a document no larger than the last one. */
    remove: (id: string): Promise<void> =>
      exclusive(async () => {
        const index = store.data.drafts.findIndex((d) => d.id === id);
        if (index < 0) return;
        await writes.commit(() => store.data.drafts.splice(index, 1));
        histories.delete(id);
        writes.forget(id);
      }),

    setRegistry(id: string, registry: string | null): Promise<DraftState> {
      const value = registry?.trim().toLowerCase() || null;
      return exclusive(() =>
        edit(id, value ? `Target registry ${value}` : 'Clear target registry', (ruleSet) => {
          if (value) ruleSet.registry = value;
          else delete ruleSet.registry;
          return ruleSet;
        }),
      );
    },

    saveRule: (id: string, rule: CacheRule, replacing: string | null): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        const candidate: CacheRule = { ...rule, name: rule.name.trim(), source: rule.source.trim(), target: rule.target.trim() };
        delete candidate.credentialSet;
        const credentialSet = rule.credentialSet?.trim();
        if (credentialSet) candidate.credentialSet = credentialSet;
        if (replacing !== null && !draft.ruleSet.rules.some((r) => sameName(r.name, replacing))) {
          throw new AppError('rule-not-found', `Rule "${replacing}" is no longer in draft "${draft.name}"; it may have been undone or deleted.`);
        }
        const errors = deps.checker.ruleErrors(draft.ruleSet, candidate, replacing);
        if (errors.length) refuse('rule-has-errors', `Rule "${candidate.name}"`, errors);
        const label = replacing === null ? `Add rule ${candidate.name}` : `Edit rule ${candidate.name}`;
        return edit(id, label, (ruleSet) => {
          const index = replacing === null ? -1 : ruleSet.rules.findIndex((r) => sameName(r.name, replacing));
          if (index >= 0) ruleSet.rules[index] = candidate;
          else ruleSet.rules.push(candidate);
          return ruleSet;
        });
      }),

    /** Adds several new rules as one undoable edit (a migration's proposal); refused whole if one has errors. */
    addRules: (id: string, rules: readonly CacheRule[]): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        let ruleSet = draft.ruleSet;
        for (const rule of rules) {
          const errors = deps.checker.ruleErrors(ruleSet, rule, null);
          if (errors.length) refuse('rule-has-errors', `Rule "${rule.name}" (and the ${rules.length - 1} proposed with it)`, errors);
          ruleSet = { ...ruleSet, rules: [...ruleSet.rules, rule] };
        }
        const label = rules.length === 1 ? `Add rule ${rules[0]!.name}` : `Add ${rules.length} proposed rules`;
        return edit(id, label, (current) => ({ ...current, rules: [...current.rules, ...rules] }));
      }),

    deleteRule: (id: string, name: string): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        if (!draft.ruleSet.rules.some((r) => sameName(r.name, name))) {
          throw new AppError('rule-not-found', `Rule "${name}" is not in draft "${draft.name}".`);
        }
        return edit(id, `Delete rule ${name}`, (ruleSet) => {
          ruleSet.rules = ruleSet.rules.filter((r) => !sameName(r.name, name));
          return ruleSet;
        });
      }),

    saveCredentialSet: (id: string, set: CredentialSet, replacing: string | null): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        const candidate: CredentialSet = {
          ...set,
          name: set.name.trim(),
          loginServer: set.loginServer.trim().toLowerCase(),
          usernameSecret: set.usernameSecret.trim(),
          passwordSecret: set.passwordSecret.trim(),
        };
        if (replacing !== null && !draft.ruleSet.credentialSets.some((c) => sameName(c.name, replacing))) {
          throw new AppError('credential-set-not-found', `Credential set "${replacing}" is no longer in draft "${draft.name}".`);
        }
        const errors = deps.checker.credentialSetErrors(draft.ruleSet, candidate, replacing);
        if (errors.length) refuse('credential-set-has-errors', `Credential set "${candidate.name}"`, errors);
        const label = replacing === null ? `Add credential set ${candidate.name}` : `Edit credential set ${candidate.name}`;
        return edit(id, label, (ruleSet) => {
          const index = replacing === null ? -1 : ruleSet.credentialSets.findIndex((c) => sameName(c.name, replacing));
          if (index >= 0) {
            const old = ruleSet.credentialSets[index]!;
            ruleSet.credentialSets[index] = candidate;
            // a rename carries the rules that used the set along with it (new rule objects: see editable)
            if (!sameName(old.name, candidate.name)) {
              ruleSet.rules = ruleSet.rules.map((rule) => (rule.credentialSet && sameName(rule.credentialSet, old.name) ? { ...rule, credentialSet: candidate.name } : rule));
            }
          } else ruleSet.credentialSets.push(candidate);
          return ruleSet;
        });
      }),

    deleteCredentialSet: (id: string, name: string): Promise<DraftState> =>
      exclusive(() => {
        const draft = find(id);
        if (!draft.ruleSet.credentialSets.some((c) => sameName(c.name, name))) {
          throw new AppError('credential-set-not-found', `Credential set "${name}" is not in draft "${draft.name}".`);
        }
        const users = draft.ruleSet.rules.filter((r) => r.credentialSet && sameName(r.credentialSet, name)).map((r) => r.name);
        if (users.length) {
          throw new AppError(
            'credential-set-in-use',
            `Credential set "${name}" is used by ${users.length === 1 ? 'rule' : 'rules'} ${users.slice(0, 5).map((u) => `"${u}"`).join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''}: point them at another set or delete them first.`,
          );
        }
        return edit(id, `Delete credential set ${name}`, (ruleSet) => {
          ruleSet.credentialSets = ruleSet.credentialSets.filter((c) => !sameName(c.name, name));
          return ruleSet;
        });
      }),

    undo: (id: string): Promise<DraftState> => exclusive(() => step(id, 'undo')),

    redo: (id: string): Promise<DraftState> => exclusive(() => step(id, 'redo')),

    importText: (name: string, text: string, origin?: Draft['origin']): Promise<DraftState> => exclusive(() => importText(name, text, origin)),

    async importFile(): Promise<DraftState | null> {
      const path = await deps.dialogs.openRuleSetFile();
      return path ? importPath(path) : null;
    },

    importPath,

    /** A new draft from a rule set read elsewhere (a live registry), remembering where from. */
    adopt: (name: string, ruleSet: RuleSet, origin: NonNullable<Draft['origin']>, link?: DraftLink): Promise<DraftState> => exclusive(() => insert(name, ruleSet, origin, link)),

    /**
     * Records the registry's state after an apply, so only later changes count as drift. It is
     * what the registry holds whether or not the disk has room: a failed write keeps it in memory
     * (reported by status().unsaved) and it is written with the next write that succeeds.
     */
    setLink: (id: string, link: DraftLink | null): Promise<{ saved: true } | { saved: false; message: string }> =>
      exclusive(() => {
        const draft = find(id);
        return writes.commitOrKeep(id, () => {
          if (link) draft.link = link;
          else delete draft.link;
        });
      }),

    /**
     * One edit of the rule set and the link together (taking the registry's version of items):
     * written as one, undone as one edit of the rule set. `change` sees the draft as it is then.
     */
    editWithLink: (id: string, label: string, change: (draft: Draft) => { ruleSet: RuleSet; link: DraftLink | undefined }): Promise<DraftState> =>
      exclusive(async () => {
        const draft = find(id);
        const before = draft.ruleSet;
        const next = change(draft);
        await writes.commit(() => {
          draft.ruleSet = next.ruleSet;
          if (next.link) draft.link = next.link;
          else delete draft.link;
          draft.updatedAt = now().toISOString();
        });
        historyOf(id).record(label, before, next.ruleSet);
        return state(draft);
      }),

    /** Writes what an earlier failed write left unsaved (a baseline); true when nothing is left. */
    retryUnsaved: (): Promise<boolean> => writes.retryUnsaved(),

    /** Estimated bytes the undo history of a draft keeps (the benchmark reports it). */
    historyBytes: (id: string): number => histories.get(id)?.bytes ?? 0,

    dispose(): void {
      writes.dispose();
    },

    async exportFile(id: string, format: RuleSetFormat): Promise<string | null> {
      const draft = find(id);
      const safeName = draft.name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'rules';
      const path = await deps.dialogs.saveRuleSetFile(`${safeName}.${format === 'yaml' ? 'yaml' : 'json'}`, format);
      if (!path) return null;
      try {
        await writeFile(path, deps.codec.serialize(draft.ruleSet, format), 'utf8');
      } catch (error) {
        throw new AppError('export-failed', `${path} could not be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Pick a folder you may write to.`);
      }
      deps.onFileUsed?.(path, 'exported');
      return path;
    },
  };
}

export type DraftService = ReturnType<typeof createDraftService>;
