// The sync settings part of the rule form (passive pull-through vs ActiveSync, tag filter,
// platforms, referrers). Until the user changes one of them the rule's own values are kept as
// they are (a custom tag query, a mode spelled `activeSync`, filter kinds not offered here), so
// opening and saving a rule never rewrites its settings.
import type { CacheRule } from '../../../../core/model.ts';
import { applySyncEdit, splitPlatforms, syncViewOf, tagQueryOf, type SyncRuleFields } from '../../../../core/sync-settings.ts';
import { buildTagQuery, type TagFilterFields } from '../../../../core/sync-tag-filter.ts';

export type TagFilterMode = 'fields' | 'custom';

export class SyncForm {
  readonly #before: SyncRuleFields;
  active = $state(false);
  tagMode = $state<TagFilterMode>('fields');
  startsWith = $state('');
  endsWith = $state('');
  contains = $state('');
  equals = $state('');
  customQuery = $state('');
  platforms = $state('');
  referrers = $state(false);
  #start = '';
  #tagStart = '';

  constructor(original: CacheRule | null) {
    const before: SyncRuleFields = {};
    if (original?.syncMode !== undefined) before.syncMode = original.syncMode;
    if (original?.syncReferrers !== undefined) before.syncReferrers = original.syncReferrers;
    if (original?.artifactSyncFilters !== undefined) before.artifactSyncFilters = original.artifactSyncFilters;
    this.#before = before;
    const view = syncViewOf(before);
    this.active = view.active;
    this.referrers = view.referrers;
    this.platforms = view.platforms.join(', ');
    if (view.tags?.kind === 'custom') {
      this.tagMode = 'custom';
      this.customQuery = view.tags.query;
    } else if (view.tags?.kind === 'fields') {
      const f = view.tags.fields;
      this.startsWith = f.startsWith ?? '';
      this.endsWith = f.endsWith ?? '';
      this.contains = f.contains ?? '';
      this.equals = f.equals ?? '';
      // switching to the custom box starts from the rule's own text
      this.customQuery = tagQueryOf(before) ?? buildTagQuery(f);
    }
    this.#start = this.#key();
    this.#tagStart = this.#tagKey();
  }

  get tagFields(): TagFilterFields {
    const out: TagFilterFields = {};
    if (this.startsWith.trim() !== '') out.startsWith = this.startsWith.trim();
    if (this.endsWith.trim() !== '') out.endsWith = this.endsWith.trim();
    if (this.contains.trim() !== '') out.contains = this.contains.trim();
    if (this.equals.trim() !== '') out.equals = this.equals.trim();
    return out;
  }

  /** The KQL the filter now stands for (what is sent, and what the estimate is asked about). */
  readonly tagQuery: string = $derived(this.tagMode === 'custom' ? this.customQuery.trim() : buildTagQuery(this.tagFields));

  #tagKey(): string {
    return JSON.stringify([this.tagMode, this.tagMode === 'custom' ? this.customQuery.trim() : this.tagFields]);
  }

  /** Whether the user changed the tag filter (otherwise the rule's query is kept verbatim). */
  readonly tagsEdited: boolean = $derived(this.#tagKey() !== this.#tagStart);

  #key(): string {
    return JSON.stringify([this.active, this.tagMode, this.startsWith, this.endsWith, this.contains, this.equals, this.customQuery, splitPlatforms(this.platforms), this.referrers]);
  }

  readonly dirty: boolean = $derived(this.#key() !== this.#start);

  /** The rule's sync fields after the edits; exactly the original ones while nothing changed. */
  readonly fields: SyncRuleFields = $derived.by(() => {
    if (!this.dirty) return this.#before;
    const tags = !this.tagsEdited ? 'unchanged' : this.tagMode === 'custom' ? { kind: 'custom' as const, query: this.customQuery.trim() } : { kind: 'fields' as const, fields: this.tagFields };
    return applySyncEdit(this.#before, { active: this.active, tags, platforms: splitPlatforms(this.platforms), referrers: this.active && this.referrers });
  });

  /** Whether ActiveSync would import every tag (no tag condition): az asks before that. */
  readonly importsEveryTag: boolean = $derived(this.active && this.tagQuery.replace(/;\s*$/, '').trim() === 'Tags');
}
