// One open draft: what main last answered for it, core's analysis of it, and the user's place in
// it (selection, the rule or credential set being edited, the pull tester's input). Saved state
// only changes through main; the analysis is derived from it and rebuilt when it changes.
import { createResolver, createRuleSetIndex, type CacheRule, type CredentialSet, type Problem, type Resolver, type RuleSetIndex } from '../../../../core/index.ts';
import type { DesktopApi, Draft, DraftState } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import { CredentialForm } from '../editor/credential-form.svelte.ts';
import { RuleForm } from '../editor/rule-form.svelte.ts';
import { MapView } from '../map/map-view.svelte.ts';
import { buildOverlapMap, type OverlapMap } from '../map/overlap-tree.ts';
import { buildRows, totalsOf, type ProblemTotals, type RuleRow } from '../table/rule-table.ts';
import { indexRules, runPullTest, type PullTest } from '../tester/pull-test.ts';

/** What the workspace reports to (the drafts area's notices). */
export interface WorkspaceHost {
  notify(kind: 'info' | 'error', text: string): void;
}

export type LeftPane = 'table' | 'map';
export type Inspector = 'rule' | 'credentials' | 'tester';

export class Workspace {
  readonly #api: DesktopApi;
  readonly #host: WorkspaceHost;

  /** What main last answered for this draft. */
  declare state: DraftState;
  leftPane = $state<LeftPane>('table');
  inspector = $state<Inspector>('rule');
  /** Index of the selected rule in the draft's rules. */
  selected = $state<number | null>(null);
  /** Bumped to ask the table and the map to bring the selection into view. */
  revealTick = $state(0);
  ruleForm = $state.raw<RuleForm | null>(null);
  /** Why main refused a save, and of which candidate: shown while the form still holds it. */
  saveRefusal = $state.raw<{ text: string; candidate: string } | null>(null);
  credentialForm = $state.raw<CredentialForm | null>(null);
  credentialRefusal = $state<string | null>(null);
  testerInput = $state('');
  /** What the tester held before "Test a pull" replaced it, so it can be put back. */
  testerReplaced = $state<string | null>(null);
  /** The tester result last picked, by position. */
  testerSelected = $state<number | null>(null);
  busy = $state(false);
  readonly mapView = new MapView();

  constructor(api: DesktopApi, state: DraftState, host: WorkspaceHost) {
    this.#api = api;
    this.#host = host;
    this.state = $state.raw(state);
  }

  get draft(): Draft {
    return this.state.draft;
  }

  get rules(): readonly CacheRule[] {
    return this.state.draft.ruleSet.rules;
  }

  // (deriveds are lazy; `.by` keeps TypeScript from reading the initialisers as eager)
  readonly index: RuleSetIndex = $derived.by(() => createRuleSetIndex(this.state.draft.ruleSet));
  readonly resolver: Resolver = $derived.by(() => createResolver(this.state.draft.ruleSet));
  readonly #ruleIndex = $derived.by(() => indexRules(this.state.draft.ruleSet.rules));
  readonly rows: readonly RuleRow[] = $derived.by(() => buildRows(this.index));
  readonly problems: readonly Problem[] = $derived.by(() => this.index.problems());
  readonly totals: ProblemTotals = $derived.by(() => totalsOf(this.problems));

  /** The set as the map shows it: with the rule being edited drawn in as a ghost. */
  readonly map: OverlapMap = $derived.by(() => {
    const form = this.ruleForm;
    const replacing = form?.replacing ?? null;
    return buildOverlapMap({
      rules: this.rules,
      trie: this.index.trie,
      candidate: form === null ? null : { target: form.target.trim(), replacing: replacing === null ? null : this.indexOfRule(replacing) },
    });
  });

  readonly pullTest: PullTest = $derived.by(() => runPullTest(this.testerInput, this.resolver, this.#ruleIndex));

  indexOfRule(name: string): number | null {
    const exact = this.rules.findIndex((r) => r.name === name);
    if (exact >= 0) return exact;
    const lower = name.toLowerCase();
    const loose = this.rules.findIndex((r) => r.name.toLowerCase() === lower);
    return loose >= 0 ? loose : null;
  }

  /** Takes a fresh answer from main for this draft. */
  replace(state: DraftState): void {
    const selectedName = this.selected === null ? null : (this.rules[this.selected]?.name ?? null);
    this.state = state;
    if (selectedName !== null) this.selected = this.indexOfRule(selectedName);
    if (this.selected !== null && this.selected >= this.rules.length) this.selected = this.rules.length > 0 ? this.rules.length - 1 : null;
  }

  select(index: number | null, reveal = false): void {
    this.selected = index === null || index < 0 || index >= this.rules.length ? null : index;
    if (reveal) this.revealTick++;
  }

  async #call(action: () => Promise<DraftState>): Promise<DraftState | null> {
    this.busy = true;
    try {
      const state = await action();
      this.replace(state);
      return state;
    } catch (error) {
      this.#host.notify('error', errorText(error));
      return null;
    } finally {
      this.busy = false;
    }
  }

  // --- rules -----------------------------------------------------------------------------------

  /** Opens the editor on the selected rule, or on a new one. */
  editRule(index: number | null): void {
    const rule = index === null ? null : (this.rules[index] ?? null);
    this.ruleForm = new RuleForm(() => this.index, rule);
    this.saveRefusal = null;
    this.inspector = 'rule';
    if (index !== null) this.select(index);
  }

  newRule(start?: Partial<CacheRule>): void {
    this.ruleForm = new RuleForm(() => this.index, null, start);
    this.saveRefusal = null;
    this.inspector = 'rule';
  }

  closeEditor(): void {
    this.ruleForm = null;
    this.saveRefusal = null;
  }

  async saveRule(): Promise<boolean> {
    const form = this.ruleForm;
    if (form === null) return false;
    this.busy = true;
    try {
      const state = await this.#api.drafts.saveRule(this.draft.id, form.candidate, form.replacing);
      this.replace(state);
      this.ruleForm = null;
      this.saveRefusal = null;
      this.select(this.indexOfRule(form.candidate.name), true);
      return true;
    } catch (error) {
      // main re-checks with the same engine; its refusal is shown at the form, not as a toast
      this.saveRefusal = { text: errorText(error), candidate: JSON.stringify(form.candidate) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  async deleteRule(index: number): Promise<void> {
    const rule = this.rules[index];
    if (rule === undefined) return;
    const state = await this.#call(() => this.#api.drafts.deleteRule(this.draft.id, rule.name));
    if (state === null) return;
    if (this.ruleForm?.replacing === rule.name) this.closeEditor();
    this.select(Math.min(index, this.rules.length - 1));
    this.#host.notify('info', `Deleted rule "${rule.name}". Undo with Ctrl+Z.`);
  }

  async undo(): Promise<void> {
    if (this.state.undo === null) return;
    const label = this.state.undo;
    if ((await this.#call(() => this.#api.drafts.undo(this.draft.id))) !== null) this.#host.notify('info', `Undone: ${label}.`);
  }

  async redo(): Promise<void> {
    if (this.state.redo === null) return;
    const label = this.state.redo;
    if ((await this.#call(() => this.#api.drafts.redo(this.draft.id))) !== null) this.#host.notify('info', `Redone: ${label}.`);
  }

  async setRegistry(registry: string): Promise<void> {
    const value = registry.trim();
    if (value === (this.draft.ruleSet.registry ?? '')) return;
    await this.#call(() => this.#api.drafts.setRegistry(this.draft.id, value === '' ? null : value));
  }

  // --- credential sets -------------------------------------------------------------------------

  editCredentialSet(set: CredentialSet | null, loginServer?: string): void {
    this.credentialForm = new CredentialForm(() => this.index, set, loginServer);
    this.credentialRefusal = null;
    this.inspector = 'credentials';
  }

  closeCredentialForm(): void {
    this.credentialForm = null;
    this.credentialRefusal = null;
  }

  async saveCredentialSet(): Promise<boolean> {
    const form = this.credentialForm;
    if (form === null) return false;
    this.busy = true;
    try {
      const state = await this.#api.drafts.saveCredentialSet(this.draft.id, form.candidate, form.replacing);
      this.replace(state);
      this.credentialForm = null;
      this.credentialRefusal = null;
      return true;
    } catch (error) {
      this.credentialRefusal = errorText(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async deleteCredentialSet(name: string): Promise<void> {
    const state = await this.#call(() => this.#api.drafts.deleteCredentialSet(this.draft.id, name));
    if (state === null) return;
    if (this.credentialForm?.replacing === name) this.closeCredentialForm();
    this.#host.notify('info', `Deleted credential set "${name}". Undo with Ctrl+Z.`);
  }

  // --- pull tester -----------------------------------------------------------------------------

  /** Puts one reference in the tester: added to a list of references, or instead of a manifest (kept for restoring). */
  testReference(reference: string): void {
    const current = this.testerInput;
    if (current.trim() === '') this.testerInput = reference;
    else if (this.pullTest.extraction.format === 'lines') this.testerInput = `${current.replace(/\s+$/, '')}\n${reference}`;
    else {
      this.testerReplaced = current;
      this.testerInput = reference;
    }
    this.testerSelected = this.pullTest.rows.length - 1;
    this.inspector = 'tester';
  }

  restoreTesterInput(): void {
    if (this.testerReplaced === null) return;
    this.testerInput = this.testerReplaced;
    this.testerReplaced = null;
    this.testerSelected = null;
  }

  /** Picks a tester result: its rule is selected in the table and on the map. */
  pickTestResult(key: number): void {
    this.testerSelected = key;
    const row = this.pullTest.rows[key];
    if (row?.ruleIndex !== null && row?.ruleIndex !== undefined) this.select(row.ruleIndex, true);
  }
}
