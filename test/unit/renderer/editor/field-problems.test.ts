import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, test } from 'vitest';
import type { Problem } from '../../../../core/index.ts';
import FieldProblems from '../../../../renderer/src/lib/components/common/FieldProblems.svelte';
import { groupProblems, SHOWN_PER_CODE } from '../../../../renderer/src/lib/editor/problem-groups.ts';

function underWildcard(i: number): Problem {
  return { severity: 'info', code: 'static-under-wildcard', rule: `rule-${i}`, message: `Static rule 'rule-${i}' (target 'hub/img-${i}') sits under wildcard rule 'new' (target 'hub/*').`, field: 'target' };
}
const overlap: Problem = { severity: 'error', code: 'wildcard-overlap', rule: 'new', message: "Wildcard rule 'new' overlaps wildcard rule 'rule-17'.", field: 'target' };

describe('groupProblems', () => {
  test('lists the first few of each code in their order and folds the rest', () => {
    const problems = [overlap, ...Array.from({ length: 100 }, (_, i) => underWildcard(i))];
    const groups = groupProblems(problems);
    expect(groups.listed).toEqual([overlap, ...problems.slice(1, 1 + SHOWN_PER_CODE)]);
    expect(groups.folded).toEqual(problems.slice(1 + SHOWN_PER_CODE));
  });

  test('folds nothing when no code repeats more than the limit', () => {
    const problems = [overlap, underWildcard(1), underWildcard(2), underWildcard(3)];
    expect(groupProblems(problems)).toEqual({ listed: problems, folded: [] });
  });
});

describe('FieldProblems', () => {
  test('a hundred messages of one kind show three and a line that opens to list the other 97', async () => {
    const problems = Array.from({ length: 100 }, (_, i) => underWildcard(i));
    render(FieldProblems, { id: 'p', problems });
    expect(screen.getAllByText(/sits under wildcard rule/)).toHaveLength(3);
    const summary = screen.getByText('97 more messages like these');
    // jsdom does not open a <details> on a click on its summary: open it as the browser would
    const details = summary.closest('details') as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event('toggle'));
    flushSync();
    expect(screen.getAllByText(/sits under wildcard rule/)).toHaveLength(100);
    expect(screen.getByText(/target 'hub\/img-99'/)).toBeTruthy();
  });

  test('one extra message reads in the singular', () => {
    render(FieldProblems, { id: 'p', problems: Array.from({ length: 4 }, (_, i) => underWildcard(i)) });
    expect(screen.getByText('1 more message like these')).toBeTruthy();
  });
});
