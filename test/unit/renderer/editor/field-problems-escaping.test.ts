// Messages that quote rule fields show control characters and bidi marks escaped, as the CLI
// prints them (issue 11.6, core/input-text.ts): a rule name holding U+202E (right-to-left
// override) and a newline must not reorder or break what the field's problems say.
import { render } from '@testing-library/svelte';
import { describe, expect, test } from 'vitest';
import { emptyRuleSet, validateRuleSet, type CacheRule } from '../../../../core/index.ts';
import FieldProblems from '../../../../renderer/src/lib/components/common/FieldProblems.svelte';

const NAME = 'hub\u202Eevil\nx';
const rule: CacheRule = { name: NAME, source: 'docker.io/library/nginx', target: 'nginx' };
const problems = validateRuleSet({ ...emptyRuleSet(), rules: [rule] });

describe('field problems escape what they quote', () => {
  test('the name problem and its fix show \\u202e and \\n, never the characters', () => {
    const nameProblems = problems.filter((p) => p.field === 'name');
    expect(nameProblems[0]!.message).toContain(NAME); // core keeps the raw text; showing it is the renderer's part
    const { container } = render(FieldProblems, { id: 'p', problems: nameProblems });
    const text = container.textContent ?? '';
    expect(text).toContain("Rule name 'hub\\u202eevil\\nx' contains '\\u202e', '\\n'");
    expect(text).not.toMatch(/[\u202e\n]hub|evil\n|\u202e/);
  });

  test('a fix that quotes the name is escaped too, in its text and its Apply label', () => {
    const credential = problems.filter((p) => p.field === 'credentialSet');
    const { container } = render(FieldProblems, { id: 'p', problems: credential });
    const text = container.textContent ?? '';
    expect(text).toContain("set it on rule 'hub\\u202eevil\\nx'");
    expect(text).not.toContain('\u202e');
    expect(container.innerHTML).not.toContain('\u202e');
  });
});
