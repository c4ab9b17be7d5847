import { describe, expect, test } from 'vitest';
import { searchCommands } from './command-search.ts';
import { COMMANDS } from './keymap.ts';

const ids = (query: string) => searchCommands(COMMANDS, query).map((h) => h.item.id);

describe('palette search', () => {
  test('an empty query lists every command in the table order', () => {
    expect(ids('')).toEqual(COMMANDS.map((c) => c.id));
    expect(ids('   ')).toHaveLength(COMMANDS.length);
  });

  test('letters in order find a label even when scattered ("exy" is Export YAML)', () => {
    expect(ids('exy')[0]).toBe('draft.export-yaml');
    expect(ids('expjs')[0]).toBe('draft.export-json');
  });

  test('words match independently, in any order', () => {
    expect(ids('yaml export')[0]).toBe('draft.export-yaml');
    expect(ids('export yaml')[0]).toBe('draft.export-yaml');
  });

  test('a label that starts with the query comes before one that only contains it', () => {
    const found = ids('rename');
    expect(found[0]).toBe('draft.rename');
    const undo = searchCommands(COMMANDS, 'undo');
    expect(undo[0]?.item.id).toBe('edit.undo');
  });

  test('word starts beat letters in the middle of words', () => {
    // "sh" starts "Show …" and "shortcuts"; the command starting with it comes first
    const first = searchCommands(COMMANDS, 'sh')[0]!;
    expect(first.item.label.toLowerCase().startsWith('sh')).toBe(true);
  });

  test('the matched characters are reported for highlighting', () => {
    const hit = searchCommands([{ id: 'x', label: 'Export YAML…' }], 'exy')[0]!;
    expect(hit.positions).toEqual([0, 1, 7]);
    const contiguous = searchCommands([{ id: 'x', label: 'Go to Drafts' }], 'draf')[0]!;
    expect(contiguous.positions).toEqual([6, 7, 8, 9]);
  });

  test('the id is a fallback, and nothing matches a query with letters the label lacks', () => {
    expect(searchCommands([{ id: 'draft.plan', label: 'Plan & apply…' }], 'draft')).toHaveLength(1);
    expect(ids('qqq')).toEqual([]);
    expect(ids('exportzz')).toEqual([]);
  });
});
