// The rule being edited: the form's fields, the candidate rule they spell, and core's verdict on
// it against the rest of the draft — recomputed on every keystroke (core's incremental check is
// microseconds even at 1,000 rules). Saving is main's job; this only says whether it may be tried.
import { canonicalLoginServer, hasErrors, upstreamByLoginServer, type CacheRule, type Problem, type ProblemEdit, type ProblemField, type RuleSetIndex } from '../../../../core/index.ts';
import { previewSettingsOf } from '../../../../core/rule-extensions.ts';
import { joinSource, splitSource, type SourceParts } from './source-parts.ts';
import { SyncForm } from './sync-form.svelte.ts';

/** The fields of the form a problem can be shown at. */
export type RuleFormField = 'name' | 'source' | 'target' | 'credentialSet' | 'identity' | 'form';

function fieldOf(field: ProblemField | undefined): RuleFormField {
  switch (field) {
    case 'name':
    case 'source':
    case 'target':
    case 'credentialSet':
    case 'identity':
      return field;
    default:
      return 'form';
  }
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

export class RuleForm {
  readonly #index: () => RuleSetIndex;
  /** The saved rule this form edits (by its name when opened), or null for a new rule. */
  readonly original: CacheRule | null;

  name = $state('');
  /** Fields the user has left at least once; an empty field is only faulted after that. */
  touched = $state.raw<ReadonlySet<RuleFormField>>(new Set());
  /** Whether the user tried to save: from then on every problem shows, empty fields included. */
  attempted = $state(false);
  #upstream = $state('');
  /** The credential set the form picked by itself (the draft's only one for the upstream), or ''. */
  #autoSet = $state('');
  host = $state('');
  path = $state('');
  target = $state('');
  credentialSet = $state('');
  /** Resource ID of the user-assigned managed identity (ACR-to-ACR caching), or ''. */
  identity = $state('');
  /** Sync mode, tag filter, platforms, referrers (api-version 2025-09-01-preview). */
  readonly sync: SyncForm;

  constructor(index: () => RuleSetIndex, original: CacheRule | null, start?: Partial<CacheRule>) {
    this.#index = index;
    this.original = original;
    const rule = original ?? start ?? {};
    const parts = splitSource(rule.source ?? 'docker.io/');
    this.name = rule.name ?? '';
    this.host = parts.host;
    this.path = parts.path;
    this.target = rule.target ?? '';
    this.credentialSet = rule.credentialSet ?? '';
    this.identity = rule.identity ?? '';
    // a saved rule opens as it is; only a new one gets a preselected set
    if (original === null) this.upstream = parts.upstream;
    else this.#upstream = parts.upstream;
    this.sync = new SyncForm(original);
  }

  /** The upstream picked in the catalog list (or OTHER_UPSTREAM). */
  get upstream(): string {
    return this.#upstream;
  }

  /**
   * Picking an upstream that needs a credential set, with the field empty (or holding what the
   * form chose itself), preselects the draft's one set for it — Docker Hub's `docker.io` set,
   * typically — so the rule is valid as it stands. With several sets none is guessed (the
   * credential-set problem offers one); an upstream that takes none clears the form's own pick.
   */
  set upstream(value: string) {
    this.#upstream = value;
    if (this.credentialSet !== '' && this.credentialSet !== this.#autoSet) return;
    const only = upstreamByLoginServer(value)?.credentials === 'required' ? this.#setsFor(value) : [];
    const pick = only.length === 1 ? (only[0] as string) : '';
    this.credentialSet = pick;
    this.#autoSet = pick;
  }

  #setsFor(loginServer: string): string[] {
    const wanted = canonicalLoginServer(loginServer);
    const sets: unknown = this.#index().ruleSet.credentialSets;
    if (!Array.isArray(sets)) return [];
    return sets
      .filter((s): s is { name: string; loginServer: string } => typeof s?.name === 'string' && typeof s?.loginServer === 'string')
      .filter((s) => canonicalLoginServer(s.loginServer) === wanted)
      .map((s) => s.name);
  }

  get replacing(): string | null {
    return this.original?.name ?? null;
  }

  get sourceParts(): SourceParts {
    return { upstream: this.upstream, host: this.host, path: this.path };
  }

  set sourceParts(parts: SourceParts) {
    this.host = parts.host;
    this.path = parts.path;
    this.upstream = parts.upstream;
  }

  /** Whether a fix writes a field this form has (not, say, the rule set's registry). */
  canApply(edit: ProblemEdit): boolean {
    return edit.field === 'name' || edit.field === 'source' || edit.field === 'target' || edit.field === 'credentialSet' || edit.field === 'identity';
  }

  /** Applies a problem's one-click fix (core's `edit`) to the field it names. */
  applyEdit(edit: ProblemEdit): void {
    switch (edit.field) {
      case 'name':
        this.name = edit.value;
        break;
      case 'source':
        // a source is upstream + path: a fix can change the upstream too (a pasted URL's host)
        this.sourceParts = splitSource(edit.value);
        break;
      case 'target':
        this.target = edit.value;
        break;
      case 'credentialSet':
        this.credentialSet = edit.value;
        break;
      case 'identity':
        this.identity = edit.value;
        break;
      default:
        return;
    }
    this.touch(fieldOf(edit.field));
  }

  readonly candidate: CacheRule = $derived.by(() => {
    // The settings this form does not edit (sync mode, filters, …) stay as they were: never dropped.
    const { identity: _identity, syncMode: _mode, syncReferrers: _referrers, artifactSyncFilters: _filters, ...kept } = this.original === null ? {} : previewSettingsOf(this.original);
    const rule: CacheRule = { name: this.name.trim(), source: joinSource(this.sourceParts).trim(), target: this.target.trim() };
    if (this.credentialSet !== '') rule.credentialSet = this.credentialSet;
    if (this.identity.trim() !== '') rule.identity = this.identity.trim();
    return { ...rule, ...this.sync.fields, ...kept };
  });

  readonly problems: readonly Problem[] = $derived.by(() => {
    const replacing = this.replacing;
    const original = this.original;
    const found = this.#index()
      .checkRule(this.candidate, replacing === null ? {} : { replacing })
      // a saved rule's target exists because its own cache filled it: only a new target can collide
      .filter((p) => p.code !== 'target-exists' || original === null || original.target.toLowerCase() !== this.candidate.target.toLowerCase());
    return [...found].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  });

  readonly byField: ReadonlyMap<RuleFormField, readonly Problem[]> = $derived.by(() => {
    const map = new Map<RuleFormField, Problem[]>();
    for (const problem of this.problems) {
      const field = fieldOf(problem.field);
      const list = map.get(field);
      if (list === undefined) map.set(field, [problem]);
      else list.push(problem);
    }
    return map;
  });

  readonly errorCount: number = $derived(this.problems.filter((p) => p.severity === 'error').length);
  readonly canSave: boolean = $derived(!hasErrors(this.problems));

  /** Whether the fields differ from what was opened. */
  readonly dirty: boolean = $derived.by(() => {
    const o = this.original;
    const c = this.candidate;
    // a set the form preselected is not a change the user made
    if (o === null) return c.name !== '' || c.target !== '' || this.path !== '' || (c.credentialSet ?? '') !== this.#autoSet || c.identity !== undefined || this.sync.dirty;
    if (this.sync.dirty) return true;
    return o.name !== c.name || o.source !== c.source || o.target !== c.target || (o.credentialSet ?? '') !== (c.credentialSet ?? '') || (o.identity ?? '') !== (c.identity ?? '');
  });

  problemsAt(field: RuleFormField): readonly Problem[] {
    return this.byField.get(field) ?? [];
  }

  /**
   * The problems to show at a field now. A new rule starts empty, and "the name is empty" in
   * red before anything was typed is noise; so a field that is still empty and was never left
   * shows nothing yet, until the user tries to save. Saving stays refused all the same.
   */
  visibleAt(field: RuleFormField): readonly Problem[] {
    if (this.#hidden(field)) return [];
    return this.problemsAt(field);
  }

  #hidden(field: RuleFormField): boolean {
    return this.original === null && !this.attempted && !this.touched.has(field) && this.#isEmpty(field);
  }

  /** Every problem shown now (the save note counts these). */
  readonly visibleProblems: readonly Problem[] = $derived(this.problems.filter((p) => !this.#hidden(fieldOf(p.field))));

  /** Errors not shown yet: fields of a new rule still empty and never left. */
  readonly hiddenErrors: number = $derived(this.errorCount - this.visibleProblems.filter((p) => p.severity === 'error').length);

  /** The fields of a new rule still empty and never left, for the save note ("a name", "a source"). */
  readonly unfilled: readonly ('name' | 'source' | 'target')[] = $derived((['name', 'source', 'target'] as const).filter((f) => this.#hidden(f)));

  /** The user tried to save a rule with errors: show them all. */
  attemptSave(): void {
    this.attempted = true;
  }

  touch(field: RuleFormField): void {
    if (this.touched.has(field)) return;
    this.touched = new Set([...this.touched, field]);
  }

  #isEmpty(field: RuleFormField): boolean {
    switch (field) {
      case 'name':
        return this.name.trim() === '';
      case 'source':
        return this.path.trim() === '';
      case 'target':
        return this.target.trim() === '';
      case 'credentialSet':
        // "needs credentials" matters as soon as a source is there to need them
        return this.credentialSet === '' && this.path.trim() === '';
      case 'identity':
        return this.identity === '' && this.path.trim() === '';
      case 'form':
        return false;
    }
  }
}
