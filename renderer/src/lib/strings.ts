// The renderer's counted words, in one place. Every "N things" the app shows goes through
// Intl.PluralRules and Intl.NumberFormat ("1 rule", "1,000 rules"), never `n === 1 ? … : …`, so
// the plural logic is the locale's and a translation is a second table of the same shape: the
// categories a language needs (one, few, many, other…) are Intl's, the words are ours.
//
// Only English exists today; LOCALE is the one switch a translation would turn.

export const LOCALE = 'en-US';

const pluralRules = new Intl.PluralRules(LOCALE);
const numbers = new Intl.NumberFormat(LOCALE);

/** The forms of one word or sentence per plural category; `other` is the fallback every language has. */
export type PluralForms = { readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>;

/** Every noun the renderer counts. A key names the thing; the forms are how it reads. */
export const NOUNS = {
  branch: { one: 'branch', other: 'branches' },
  call: { one: 'call', other: 'calls' },
  conflict: { one: 'conflict', other: 'conflicts' },
  create: { one: 'create', other: 'creates' },
  'credential set': { one: 'credential set', other: 'credential sets' },
  day: { one: 'day', other: 'days' },
  delete: { one: 'delete', other: 'deletes' },
  draft: { one: 'draft', other: 'drafts' },
  error: { one: 'error', other: 'errors' },
  file: { one: 'file', other: 'files' },
  'existing repository': { one: 'existing repository', other: 'existing repositories' },
  'unchanged line': { one: 'unchanged line', other: 'unchanged lines' },
  group: { one: 'group', other: 'groups' },
  hour: { one: 'hour', other: 'hours' },
  item: { one: 'item', other: 'items' },
  minute: { one: 'minute', other: 'minutes' },
  'more group': { one: 'more group', other: 'more groups' },
  note: { one: 'note', other: 'notes' },
  operation: { one: 'operation', other: 'operations' },
  reference: { one: 'reference', other: 'references' },
  registry: { one: 'registry', other: 'registries' },
  replace: { one: 'replace', other: 'replaces' },
  'replaced item': { one: 'replaced item', other: 'replaced items' },
  repository: { one: 'repository', other: 'repositories' },
  retry: { one: 'retry', other: 'retries' },
  rule: { one: 'rule', other: 'rules' },
  step: { one: 'step', other: 'steps' },
  subscription: { one: 'subscription', other: 'subscriptions' },
  tag: { one: 'tag', other: 'tags' },
  time: { one: 'time', other: 'times' },
  update: { one: 'update', other: 'updates' },
  vault: { one: 'vault', other: 'vaults' },
  warning: { one: 'warning', other: 'warnings' },
} as const satisfies Record<string, PluralForms>;

export type Noun = keyof typeof NOUNS;

/** `1,000`: a number as the locale writes it. */
export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** The form of `forms` that fits `n` in this locale. */
export function pluralForm(n: number, forms: PluralForms): string {
  return forms[pluralRules.select(n)] ?? forms.other;
}

/** The noun alone, in the form that goes with `n` ("rule" for 1, "rules" otherwise in English). */
export function noun(n: number, what: Noun): string {
  return pluralForm(n, NOUNS[what]);
}

/** `1 rule`, `120 rules`, `1,000 rules`. */
export function count(n: number, what: Noun): string {
  return `${formatNumber(n)} ${noun(n, what)}`;
}

/** A whole sentence with a count in it: `#` is replaced by the formatted number. */
export function plural(n: number, forms: PluralForms): string {
  return pluralForm(n, forms).replaceAll('#', formatNumber(n));
}

/** Sentences whose grammar follows a count (a verb or pronoun agrees with it), kept here beside the nouns. */
export const SENTENCES = {
  savingOff: { one: 'Saving is off until the error is fixed.', other: 'Saving is off until the # errors are fixed.' },
  savableWithWarnings: { one: 'Can be saved with a warning.', other: 'Can be saved with # warnings.' },
  setAside: { one: 'One draft could not be read and was set aside; the others loaded.', other: '# drafts could not be read and were set aside; the others loaded.' },
  keptIn: { one: 'Nothing was deleted: it is kept in', other: 'Nothing was deleted: they are kept in' },
  replacedNote: { one: '1 replaced item is deleted and created again; pulls through it fail in between.', other: '# replaced items are deleted and created again; pulls through them fail in between.' },
  usedByRules: { one: 'used by # rule', other: 'used by # rules' },
  ruleWord: { one: 'rule', other: 'rules' },
  newSecrets: { one: 'new Key Vault secret', other: 'new Key Vault secrets' },
  azureCalls: { one: 'Azure: # call running…', other: 'Azure: # calls running…' },
  problemTotals: { one: '# problem', other: '# problems' },
  saveChangedFiles: { one: 'Save # changed file', other: 'Save # changed files' },
  proposedRulesCover: { one: 'This rule covers', other: 'These # rules cover' },
  addProposedRules: { one: 'Add this rule to the draft', other: 'Add these # rules to the draft' },
  needCredentialSet: { one: 'needs a credential set the draft does not have', other: 'need a credential set the draft does not have' },
} as const satisfies Record<string, PluralForms>;

/** `n` and what it counts, joined: `sentence(3, 'savingOff')`. */
export function sentence(n: number, which: keyof typeof SENTENCES): string {
  return plural(n, SENTENCES[which]);
}

const lists = new Intl.ListFormat(LOCALE, { style: 'long', type: 'conjunction' });

/** `a name, a source and a target`: items joined as the locale lists them. */
export function listOf(items: readonly string[]): string {
  return lists.format(items);
}
