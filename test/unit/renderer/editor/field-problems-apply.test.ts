import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, test, vi } from 'vitest';
import type { Problem, ProblemEdit } from '../../../../core/index.ts';
import FieldProblems from '../../../../renderer/src/lib/components/common/FieldProblems.svelte';

const withEdit = (field: Problem['field'] & string, value: string, fix: string): Problem => ({
  severity: 'error',
  code: 'invalid-repository',
  rule: 'r',
  field,
  message: `Something is wrong. ${fix}.`,
  fix,
  edit: { field, value },
});

describe('FieldProblems', () => {
  test('a one-value fix gets Apply, which hands its edit to the form', async () => {
    const onapply = vi.fn();
    const problem = withEdit('source', 'docker.io/library/python', "write 'docker.io/library/python'");
    render(FieldProblems, { id: 'p', problems: [problem], onapply });
    await fireEvent.click(screen.getByRole('button', { name: "Apply the fix: write 'docker.io/library/python'" }));
    expect(onapply).toHaveBeenCalledWith({ field: 'source', value: 'docker.io/library/python' });
  });

  test('no Apply for an edit the form cannot write, for a fix without an edit, or with no form to apply to', () => {
    const registry = withEdit('registry', 'contoso.azurecr.io', "write 'contoso.azurecr.io'");
    const prose: Problem = { severity: 'error', code: 'wildcard-overlap', rule: 'r', field: 'target', message: 'Overlaps. Remove one of the two rules.', fix: 'remove one of the two rules' };
    const { unmount } = render(FieldProblems, { id: 'p', problems: [registry, prose], onapply: vi.fn(), canapply: (edit: ProblemEdit) => edit.field !== 'registry' });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText("write 'contoso.azurecr.io'")).toBeInTheDocument();
    unmount();
    render(FieldProblems, { id: 'p', problems: [withEdit('source', 'a', 'write a')] });
    expect(screen.queryByRole('button')).toBeNull();
  });
});
