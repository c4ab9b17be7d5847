import { describe, expect, test } from 'vitest';
import {
  COMMAND_IDS,
  COMMANDS,
  ariaKeyShortcuts,
  chordMatches,
  commandForKey,
  conflictingChords,
  displayChord,
  electronAccelerator,
  menuEntries,
  type KeyContext,
  type KeyPress,
} from './keymap.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
const context = (over: Partial<KeyContext> = {}): KeyContext => ({
  platform: 'other',
  modalOpen: false,
  textEntry: false,
  scopes: new Set(['app', 'workspace', 'draft']),
  ...over,
});

describe('the keyboard map', () => {
  test('no chord is bound to two commands on either platform', () => {
    expect(conflictingChords('mac')).toEqual([]);
    expect(conflictingChords('other')).toEqual([]);
  });

  test('every command id is unique and every label is non-empty', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of COMMANDS) expect(c.label.trim()).not.toBe('');
  });

  test('Ctrl+1 goes to Drafts on Linux/Windows and Cmd+1 on macOS, not the other way round', () => {
    expect(commandForKey(press('1', { ctrlKey: true }), context())?.id).toBe('go.drafts');
    expect(commandForKey(press('1', { metaKey: true }), context())).toBeUndefined();
    expect(commandForKey(press('1', { metaKey: true }), context({ platform: 'mac' }))?.id).toBe('go.drafts');
  });

  test('no command acts while a modal is open (the New draft dialog keeps its typed name)', () => {
    expect(commandForKey(press('1', { ctrlKey: true }), context({ modalOpen: true }))).toBeUndefined();
    expect(commandForKey(press('k', { ctrlKey: true }), context({ modalOpen: true }))).toBeUndefined();
  });

  test('plain letters and undo leave text fields alone; Ctrl+K and Ctrl+F still work there', () => {
    expect(commandForKey(press('n'), context())?.id).toBe('rule.new');
    expect(commandForKey(press('n'), context({ textEntry: true }))).toBeUndefined();
    expect(commandForKey(press('z', { ctrlKey: true }), context({ textEntry: true }))).toBeUndefined();
    expect(commandForKey(press('k', { ctrlKey: true }), context({ textEntry: true }))?.id).toBe('palette.open');
    expect(commandForKey(press('f', { ctrlKey: true }), context({ textEntry: true }))?.id).toBe('find');
  });

  test('a command outside the current scopes does not act (undo without a draft open)', () => {
    expect(commandForKey(press('z', { ctrlKey: true }), context({ scopes: new Set(['app']) }))).toBeUndefined();
  });

  test('Shift must match on letters (Ctrl+Shift+Z is redo, Ctrl+Z undo) but not on symbols (? on any layout)', () => {
    expect(commandForKey(press('Z', { ctrlKey: true, shiftKey: true }), context())?.id).toBe('edit.redo');
    expect(commandForKey(press('z', { ctrlKey: true }), context())?.id).toBe('edit.undo');
    expect(commandForKey(press('y', { ctrlKey: true }), context())?.id).toBe('edit.redo');
    expect(commandForKey(press('y', { metaKey: true }), context({ platform: 'mac' }))).toBeUndefined();
    expect(chordMatches('Shift+?', press('?', { shiftKey: true }))).toBe(true);
    expect(chordMatches('Shift+?', press('?'))).toBe(true);
    expect(commandForKey(press('F1'), context())?.id).toBe('help.shortcuts');
  });

  test('chords are shown the platform way', () => {
    expect(displayChord('Control+Shift+Z', 'other')).toBe('Ctrl+Shift+Z');
    expect(displayChord('Meta+Shift+Z', 'mac')).toBe('⇧⌘Z');
    expect(displayChord('Shift+?', 'other')).toBe('?');
    expect(displayChord('Control+Enter', 'other')).toBe('Ctrl+↵');
    expect(ariaKeyShortcuts('edit.redo', 'other')).toBe('Control+Shift+Z Control+Y');
    expect(ariaKeyShortcuts('draft.plan', 'other')).toBeUndefined();
  });

  test('Electron accelerators come from the same table and are never registered (the renderer owns the keys)', () => {
    expect(electronAccelerator('edit.redo', 'mac')).toEqual({ accelerator: 'Command+Shift+Z', registerAccelerator: false });
    expect(electronAccelerator('edit.redo', 'other')).toEqual({ accelerator: 'Control+Shift+Z', registerAccelerator: false });
    expect(electronAccelerator('help.shortcuts', 'other')?.accelerator).toBe('?');
    expect(electronAccelerator('go.registries', 'other')?.accelerator).toBe('Control+2');
    expect(electronAccelerator('draft.plan', 'other')).toBeUndefined();
  });

  test('menu entries are grouped and ordered, with their accelerators', () => {
    const edit = menuEntries('edit', 'other');
    expect(edit.map((e) => e.id)).toEqual(['edit.undo', 'edit.redo', 'rule.new', 'find']);
    expect(edit[0]?.accelerator?.accelerator).toBe('Control+Z');
    expect(menuEntries('go', 'mac').map((e) => e.id)).toEqual(['go.drafts', 'go.registries', 'go.about', 'go.settings', 'draft.back']);
  });

  test('the map keys: letters without Shift, Shift+Z zooms out, symbols typed with Shift still match', () => {
    const map = context({ scopes: new Set(['app', 'workspace', 'draft', 'map']) });
    expect(commandForKey(press('z'), map)?.id).toBe('map.zoom-to');
    expect(commandForKey(press('Z', { shiftKey: true }), map)?.id).toBe('map.zoom-out-to-parent');
    expect(commandForKey(press('Backspace'), map)?.id).toBe('map.zoom-out-to-parent');
    expect(commandForKey(press('+', { shiftKey: true }), map)?.id).toBe('map.zoom-in');
    expect(commandForKey(press('*', { shiftKey: true }), map)?.id).toBe('map.unfold-below');
    expect(commandForKey(press(' '), map)?.id).toBe('map.select');
    expect(commandForKey(press('F3', { shiftKey: true }), map)?.id).toBe('map.previous-match');
    // Ctrl+Z on the map is still the draft's undo, not a zoom
    expect(commandForKey(press('z', { ctrlKey: true }), map)?.id).toBe('edit.undo');
    // a map key needs focus on the map
    expect(commandForKey(press('z'), context())).toBeUndefined();
  });

  test('the same key means different things in different focus scopes, never two at once', () => {
    const at = (scope: 'rules-grid' | 'map') => context({ scopes: new Set(['app', 'workspace', 'draft', scope]) });
    expect(commandForKey(press('Enter'), at('rules-grid'))?.id).toBe('rule.edit');
    expect(commandForKey(press('Enter'), at('map'))?.id).toBe('map.select');
    expect(commandForKey(press('ArrowDown'), at('rules-grid'))?.id).toBe('grid.next');
    expect(commandForKey(press('ArrowDown'), at('map'))?.id).toBe('map.next');
  });

  test('the combobox keys act while typing; Home and End stay with the text field', () => {
    const list = context({ textEntry: true, scopes: new Set(['list']) });
    expect(commandForKey(press('ArrowDown'), list)?.id).toBe('list.next');
    expect(commandForKey(press('Enter'), list)?.id).toBe('list.choose');
    expect(commandForKey(press('Home'), list)).toBeUndefined();
    expect(commandForKey(press('Home'), context({ scopes: new Set(['list']) }))?.id).toBe('list.first');
  });

  test('Space and page keys have names people can read', () => {
    expect(displayChord(' ', 'other')).toBe('Space');
    expect(displayChord('PageDown', 'mac')).toBe('PgDn');
    expect(displayChord('Shift+F3', 'mac')).toBe('⇧F3');
    expect(displayChord('Meta+K', 'mac')).toBe('⌘K');
    expect(displayChord('Control+K', 'other')).toBe('Ctrl+K');
  });

  test('every menu command id the renderer accepts is in the table', () => {
    for (const menu of ['file', 'edit', 'view', 'go', 'help'] as const) for (const entry of menuEntries(menu, 'other')) expect(COMMAND_IDS).toContain(entry.id);
    expect(COMMANDS.map((c) => c.id).sort()).toEqual([...COMMAND_IDS].sort());
  });
});
