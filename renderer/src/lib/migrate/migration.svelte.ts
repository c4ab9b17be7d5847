// A migration of manifests onto the cache, for one open rule set: the files the user opened or
// pasted, each rewritten (core/migrate/rewrite.ts) against the rule set as it is now, the rules
// that would cover what no rule covers yet (core/migrate/propose.ts), and saving the rewritten
// files back through main. Everything is derived from the files and the rule set, so adding a
// proposed rule to the draft re-runs the rewrite and more references turn into cache pulls.
import { proposeRules, type Proposal } from '../../../../core/migrate/propose.ts';
import { rewriteManifest, type RewriteResult } from '../../../../core/migrate/rewrite.ts';
import type { CacheRule, ImageReference, Resolver, RuleSet } from '../../../../core/index.ts';
import type { DesktopApi, ManifestPick } from '../../../../preload/api.ts';
import { errorText } from '../api.ts';
import { count as countOf } from '../strings.ts';

export interface MigrationFile {
  /** null: pasted, so there is nothing on disk to save to. */
  readonly handle: string | null;
  readonly name: string;
  /** As read (or as last saved). */
  readonly content: string;
}

export interface MigrationSubject {
  readonly ruleSet: RuleSet;
  readonly resolver: Resolver;
  /** Adds rules to the draft as one edit; absent for a live registry. Whether it went through. */
  readonly addRules: ((rules: CacheRule[]) => Promise<boolean>) | null;
}

export interface FileOutcome {
  readonly file: MigrationFile;
  readonly result: RewriteResult;
  /** Whether the rewrite differs from what is on disk (or was pasted). */
  readonly changed: boolean;
}

function imageKey(reference: ImageReference): string {
  return `${reference.domain ?? 'docker.io'}/${reference.path}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

export class Migration {
  readonly #api: () => DesktopApi;
  readonly #subject: () => MigrationSubject;
  files = $state.raw<readonly MigrationFile[]>([]);
  title = $state<string | null>(null);
  skipped = $state.raw<readonly { name: string; reason: string }[]>([]);
  selected = $state(0);
  busy = $state(false);
  /** The last save's or open's outcome, in words. */
  message = $state.raw<{ kind: 'info' | 'error'; text: string } | null>(null);

  /** `api` is asked for only when a file is opened or saved (tests of the rest need no bridge). */
  constructor(api: () => DesktopApi, subject: () => MigrationSubject) {
    this.#api = api;
    this.#subject = subject;
  }

  get registry(): string | null {
    return this.#subject().ruleSet.registry ?? null;
  }

  readonly outcomes: readonly FileOutcome[] = $derived.by(() => {
    const registry = this.registry;
    if (registry === null) return [];
    const { resolver } = this.#subject();
    return this.files.map((file) => {
      const result = rewriteManifest(file.name, file.content, { registry, resolver });
      return { file, result, changed: result.content !== file.content };
    });
  });

  /** Distinct upstream references no rule covers, across every file. */
  readonly uncovered: readonly ImageReference[] = $derived.by(() => {
    const seen = new Map<string, ImageReference>();
    for (const outcome of this.outcomes) for (const image of outcome.result.uncovered) seen.set(imageKey(image), image);
    return [...seen.values()];
  });

  readonly proposal: Proposal | null = $derived.by(() => {
    const registry = this.registry;
    if (registry === null || this.uncovered.length === 0) return null;
    return proposeRules(this.#subject().ruleSet, this.uncovered, registry);
  });

  readonly totals = $derived.by(() => ({
    files: this.outcomes.length,
    changedFiles: this.outcomes.filter((o) => o.changed).length,
    changes: this.outcomes.reduce((n, o) => n + o.result.changes.length, 0),
    skipped: this.outcomes.reduce((n, o) => n + o.result.skipped.length, 0),
  }));

  get canAddRules(): boolean {
    return this.#subject().addRules !== null;
  }

  async open(pick: ManifestPick): Promise<void> {
    this.busy = true;
    try {
      const selection = await this.#api().migrate.openManifests(pick);
      if (selection === null) return;
      this.files = selection.files.map((f) => ({ handle: f.handle, name: f.name, content: f.content }));
      this.title = selection.title;
      this.skipped = selection.skipped;
      this.selected = Math.max(0, this.files.findIndex((_, i) => this.outcomes[i]?.changed));
      this.message = selection.files.length === 0 ? { kind: 'error', text: `No manifest was found in '${selection.title}' (YAML files, Dockerfiles).` } : null;
    } catch (error) {
      this.message = { kind: 'error', text: errorText(error) };
    } finally {
      this.busy = false;
    }
  }

  /** A pasted manifest, rewritten like a file but copied rather than saved. */
  paste(name: string, content: string): void {
    this.files = [...this.files, { handle: null, name, content }];
    this.selected = this.files.length - 1;
    this.title ??= name;
  }

  clear(): void {
    this.files = [];
    this.title = null;
    this.skipped = [];
    this.selected = 0;
    this.message = null;
  }

  /** Writes every changed file that came from disk; reports each one that could not be written. */
  async saveAll(): Promise<void> {
    const toSave = this.outcomes.filter((o) => o.changed && o.file.handle !== null);
    if (toSave.length === 0) return;
    this.busy = true;
    try {
      const results = await this.#api().migrate.saveManifests(toSave.map((o) => ({ handle: o.file.handle!, content: o.result.content })));
      const written = new Map(toSave.map((o) => [o.file.handle!, o.result.content]));
      const ok = new Set(results.filter((r) => r.ok).map((r) => r.handle));
      // a saved file's content on disk is now the rewrite: it shows as unchanged
      this.files = this.files.map((f) => (f.handle !== null && ok.has(f.handle) ? { ...f, content: written.get(f.handle)! } : f));
      const failed = results.filter((r) => !r.ok);
      this.message =
        failed.length === 0
          ? { kind: 'info', text: `Saved ${countOf(ok.size, 'file')}.` }
          : { kind: 'error', text: [`Saved ${ok.size} of ${results.length} files.`, ...failed.map((r) => r.message ?? `'${r.name}' was not saved.`)].join(' ') };
    } catch (error) {
      this.message = { kind: 'error', text: errorText(error) };
    } finally {
      this.busy = false;
    }
  }

  /** Adds every proposed rule to the draft in one edit; the rewrite then covers their images. */
  async addProposal(): Promise<void> {
    const add = this.#subject().addRules;
    const proposal = this.proposal;
    if (add === null || proposal === null || proposal.rules.length === 0) return;
    this.busy = true;
    try {
      const count = proposal.rules.length;
      if (await add(proposal.rules.map((p) => p.rule))) this.message = { kind: 'info', text: `Added ${countOf(count, 'rule')} to the draft (Undo takes them back).` };
    } finally {
      this.busy = false;
    }
  }
}
