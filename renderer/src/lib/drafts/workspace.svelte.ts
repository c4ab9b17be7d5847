// One open rule set — a draft or a live registry (a RuleSetDocument) —, core's analysis of it, and
// the user's place in it (selection, the rule or credential set being edited, the pull tester's
// input). Saved state only changes through the document's backend; the analysis is derived from
// it and rebuilt when it changes.
import { createResolver, createRuleSetIndex, type CacheRule, type CredentialSet, type Problem, type Resolver, type RuleSet, type RuleSetIndex } from '../../../../core/index.ts';
import type { Draft, DraftState } from '../../../../preload/api.ts';
import { desktopApi, errorText } from '../api.ts';
import { Migration } from '../migrate/migration.svelte.ts';
import { DraftDocument, type RepositoryLink } from '../documents/draft-document.svelte.ts';
import type { RuleSetDocument } from '../documents/rule-set-document.ts';
import { CredentialForm } from '../editor/credential-form.svelte.ts';
import { RuleForm } from '../editor/rule-form.svelte.ts';
import { MapView } from '../map/map-view.svelte.ts';
import { withProposals } from '../map/map-proposals.ts';
import { buildOverlapMap, type OverlapMap } from '../map/overlap-tree.ts';
import { buildRows, totalsOf, type ProblemTotals, type RuleRow } from '../table/rule-table.ts';
import { indexRules, type PullTest } from '../tester/pull-test.ts';
import { PullTestRunner, type PullTestState } from '../tester/pull-test-runner.svelte.ts';

/** What the workspace reports to (the drafts area's notices). */
export interface WorkspaceHost {
  notify(kind: 'info' | 'error', text: string): void;
}

export type LeftPane = 'table' | 'map' | 'migrate';

const NO_RULES: readonly CacheRule[] = [];
export type Inspector = 'rule' | 'credentials' | 'tester';

/** A save that waits for the user's yes (the document said why, e.g. Azure must delete and re-create). */
export interface PendingSave {
  readonly question: string;
  readonly rule: CacheRule;
  readonly replacing: string | null;
}

export class Workspace {
  readonly document: RuleSetDocument;
  readonly #host: WorkspaceHost;

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
  /** A rule save the user is asked to confirm first. */
  pendingSave = $state.raw<PendingSave | null>(null);
  readonly mapView = new MapView(() => ({ map: this.shownMap, rules: this.rules }));
  /** Manifests being moved onto the cache with this rule set (the Migrate pane). */
  readonly migration = new Migration(desktopApi, () => ({
    ruleSet: this.ruleSet,
    resolver: this.resolver,
    addRules: this.document instanceof DraftDocument ? (rules) => this.#call(() => this.#draftDocument.addRules(rules)) : null,
  }));

  constructor(document: RuleSetDocument, host: WorkspaceHost) {
    this.document = document;
    this.#host = host;
  }

  /** The draft's document; only a draft workspace has one (the drafts area never holds another). */
  get #draftDocument(): DraftDocument {
    if (!(this.document instanceof DraftDocument)) throw new Error(`This workspace edits a ${this.document.kind}, not a draft.`);
    return this.document;
  }

  /** The draft being edited (draft workspaces only). */
  get draft(): Draft {
    return this.#draftDocument.draft;
  }

  /** What main last answered for the draft (draft workspaces only). */
  get state(): DraftState {
    return this.#draftDocument.state;
  }

  get ruleSet(): RuleSet {
    return this.document.ruleSet;
  }

  get rules(): readonly CacheRule[] {
    return this.document.ruleSet.rules;
  }

  // (deriveds are lazy; `.by` keeps TypeScript from reading the initialisers as eager)
  /**
   * The whole-set analysis. Without the registry's repositories: a saved live rule's target
   * exists because its own cache filled it, which is no fault.
   */
  readonly index: RuleSetIndex = $derived.by(() => createRuleSetIndex(this.document.ruleSet));
  /** What the forms check against: the same set, plus the registry's repositories when known. */
  readonly formIndex: RuleSetIndex = $derived.by(() => {
    const existingRepositories = this.document.existingRepositories;
    return existingRepositories === null ? this.index : createRuleSetIndex(this.document.ruleSet, { existingRepositories });
  });
  readonly resolver: Resolver = $derived.by(() => createResolver(this.document.ruleSet));
  readonly #ruleIndex = $derived.by(() => indexRules(this.document.ruleSet.rules));
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
      // the registry's repositories are drawn on the map (the same list every keystroke, so the saved tree is kept)
      repositories: this.document.existingRepositories,
    });
  });

  /** The Migrate tab's proposed rules (none until it has files with uncovered images). */
  readonly proposedRules: readonly CacheRule[] = $derived.by(() => this.migration.proposal?.rules.map((p) => p.rule) ?? NO_RULES);
  /** The map as drawn: `map` with the proposed rules in it as ghosts, not counted (the same object when there are none). */
  readonly shownMap: OverlapMap = $derived.by(() => withProposals(this.map, this.proposedRules, this.index.trie));

  readonly #pullTestRunner = new PullTestRunner();
  /** The tester's result; a large paste is worked out off the keystroke path (`pending` meanwhile). */
  readonly pullTestState: PullTestState = $derived.by(() => this.#pullTestRunner.request(this.testerInput, this.document.ruleSet, this.resolver, this.#ruleIndex));
  get pullTest(): PullTest {
    return this.pullTestState.test;
  }

  indexOfRule(name: string): number | null {
    const exact = this.rules.findIndex((r) => r.name === name);
    if (exact >= 0) return exact;
    const lower = name.toLowerCase();
    const loose = this.rules.findIndex((r) => r.name.toLowerCase() === lower);
    return loose >= 0 ? loose : null;
  }

  /** Checks the draft's targets against `link`'s repositories (null: the registry it was imported from). */
  linkRepositories(link: RepositoryLink | null): void {
    if (this.document instanceof DraftDocument) this.document.planTarget = link;
  }

  /** Takes a fresh answer from main for this draft (draft workspaces only). */
  replace(state: DraftState): void {
    this.#keepSelection(() => this.#draftDocument.replace(state));
  }

  /** Runs a change of the document, keeping the selected rule selected by name. */
  #keepSelection(change: () => void): void {
    const selectedName = this.#selectedName();
    change();
    this.#reselect(selectedName);
  }

  #selectedName(): string | null {
    return this.selected === null ? null : (this.rules[this.selected]?.name ?? null);
  }

  #reselect(name: string | null): void {
    if (name !== null) this.selected = this.indexOfRule(name);
    if (this.selected !== null && this.selected >= this.rules.length) this.selected = this.rules.length > 0 ? this.rules.length - 1 : null;
  }

  select(index: number | null, reveal = false): void {
    this.selected = index === null || index < 0 || index >= this.rules.length ? null : index;
    if (reveal) this.revealTick++;
  }

  /** One change through the document; a refusal becomes a notice. Whether it went through. */
  async #call(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    const selectedName = this.#selectedName();
    try {
      await action();
      return true;
    } catch (error) {
      this.#host.notify('error', errorText(error));
      return false;
    } finally {
      this.#reselect(selectedName);
      this.busy = false;
    }
  }

  // --- rules -----------------------------------------------------------------------------------

  /** Opens the editor on the selected rule, or on a new one. */
  editRule(index: number | null): void {
    const rule = index === null ? null : (this.rules[index] ?? null);
    this.ruleForm = new RuleForm(() => this.formIndex, rule);
    this.saveRefusal = null;
    this.inspector = 'rule';
    if (index !== null) this.select(index);
  }

  newRule(start?: Partial<CacheRule>): void {
    this.ruleForm = new RuleForm(() => this.formIndex, null, start);
    this.saveRefusal = null;
    this.inspector = 'rule';
  }

  closeEditor(): void {
    this.ruleForm = null;
    this.saveRefusal = null;
  }

  /**
   * Saves the rule in the editor. When the document asks for confirmation first (a live rule
   * Azure can only delete and re-create), the save waits in `pendingSave` and this answers false;
   * `confirmSave()` carries it out.
   */
  async saveRule(): Promise<boolean> {
    const form = this.ruleForm;
    if (form === null) return false;
    const question = this.document.confirmationFor(form.candidate, form.replacing);
    if (question !== null) {
      this.pendingSave = { question, rule: form.candidate, replacing: form.replacing };
      return false;
    }
    return this.#saveRule(form);
  }

  async confirmSave(): Promise<boolean> {
    const pending = this.pendingSave;
    const form = this.ruleForm;
    this.pendingSave = null;
    if (pending === null || form === null || JSON.stringify(form.candidate) !== JSON.stringify(pending.rule)) return false;
    return this.#saveRule(form);
  }

  cancelSave(): void {
    this.pendingSave = null;
  }

  async #saveRule(form: RuleForm): Promise<boolean> {
    this.busy = true;
    try {
      await this.document.saveRule(form.candidate, form.replacing);
      this.ruleForm = null;
      this.saveRefusal = null;
      this.select(this.indexOfRule(form.candidate.name), true);
      return true;
    } catch (error) {
      // the backend re-checks (main with the same engine, or Azure itself); its refusal is
      // shown at the form, not as a toast
      this.saveRefusal = { text: errorText(error), candidate: JSON.stringify(form.candidate) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  async deleteRule(index: number): Promise<void> {
    const rule = this.rules[index];
    if (rule === undefined) return;
    if (!(await this.#call(() => this.document.deleteRule(rule.name)))) return;
    if (this.ruleForm?.replacing === rule.name) this.closeEditor();
    this.select(Math.min(index, this.rules.length - 1));
    this.#host.notify('info', this.document.hasHistory ? `Deleted rule "${rule.name}". Undo with Ctrl+Z.` : `Deleted rule "${rule.name}" in Azure.`);
  }

  async undo(): Promise<void> {
    const label = this.document.undoLabel;
    if (label === null) return;
    if (await this.#call(() => this.document.undo())) this.#host.notify('info', `Undone: ${label}.`);
  }

  async redo(): Promise<void> {
    const label = this.document.redoLabel;
    if (label === null) return;
    if (await this.#call(() => this.document.redo())) this.#host.notify('info', `Redone: ${label}.`);
  }

  /** The draft's target login server (draft workspaces only: a live registry's is fixed). */
  async setRegistry(registry: string): Promise<void> {
    const value = registry.trim();
    if (value === (this.ruleSet.registry ?? '')) return;
    const document = this.#draftDocument;
    await this.#call(() => document.setRegistry(value === '' ? null : value));
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
      await this.document.saveCredentialSet(form.candidate, form.replacing);
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
    if (!(await this.#call(() => this.document.deleteCredentialSet(name)))) return;
    if (this.credentialForm?.replacing === name) this.closeCredentialForm();
    this.#host.notify('info', this.document.hasHistory ? `Deleted credential set "${name}". Undo with Ctrl+Z.` : `Deleted credential set "${name}" in Azure.`);
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
