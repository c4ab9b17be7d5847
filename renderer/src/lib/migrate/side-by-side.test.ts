import { describe, expect, test } from 'vitest';
import { lineDifference, sideBySide } from './side-by-side.ts';

describe('side-by-side rows of a rewrite', () => {
  const before = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'image: nginx:1.27', 'e: 5', 'f: 6', 'g: 7', 'h: 8', 'i: 9', 'j: 10'].join('\n');
  const after = before.replace('image: nginx:1.27', 'image: contoso.azurecr.io/library/nginx:1.27');

  test('shows the changed line with three lines of context and folds the rest into gaps', () => {
    const view = sideBySide(before, after);
    expect(view.aligned).toBe(true);
    expect(view.changedLines).toBe(1);
    expect(view.rows.map((r) => (r.kind === 'gap' ? `gap ${r.from}-${r.to}` : `${r.line}${r.changed ? '*' : ''}`))).toEqual(['gap 1-1', '2', '3', '4', '5*', '6', '7', '8', 'gap 9-11']);
  });

  test('an unchanged file has no rows', () => {
    expect(sideBySide(before, before)).toEqual({ rows: [], changedLines: 0, aligned: true });
  });

  test('texts that do not line up are shown whole, line against line', () => {
    const view = sideBySide('a\nb', 'a\nb\nc');
    expect(view.aligned).toBe(false);
    expect(view.rows).toHaveLength(3);
    expect(view.rows[2]).toMatchObject({ kind: 'line', before: '', after: 'c', changed: true });
  });
});

test('the difference of two lines keeps the common ends plain', () => {
  expect(lineDifference('    image: nginx:1.27', '    image: contoso.azurecr.io/library/nginx:1.27')).toEqual({
    prefix: '    image: ',
    removed: '',
    added: 'contoso.azurecr.io/library/',
    suffix: 'nginx:1.27',
  });
  expect(lineDifference('FROM ghcr.io/acme/app:1', 'FROM contoso.azurecr.io/acme/app:1')).toMatchObject({ removed: 'ghcr.io', added: 'contoso.azurecr.io' });
});
