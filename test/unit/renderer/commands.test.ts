import { afterEach, describe, expect, test, vi } from 'vitest';
import { availableCommands, handleKeydown, keyScope, provideCommands, runCommand } from '../../../renderer/src/lib/commands/commands.ts';
import { followMenuCommands } from '../../../renderer/src/lib/commands/menu-commands.ts';
import type { DesktopApi, MenuCommandEvent } from '../../../preload/api.ts';

// The runner the keys, the palette and the menu share: which handler a key reaches, that none
// runs under a modal, and that the menu's payload is checked before anything runs.
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
  document.body.innerHTML = '';
});

function provide(handlers: Parameters<typeof provideCommands>[0]) {
  cleanups.push(provideCommands(handlers));
}

function press(target: Element, key: string, mods: Partial<KeyboardEventInit> = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods });
  target.dispatchEvent(event);
  handleKeydown(event);
  return event;
}

describe('the command runner', () => {
  test('a key runs the provided handler and is marked handled; a key without a handler is left alone', () => {
    const drafts = vi.fn();
    provide({ 'go.drafts': drafts });
    const button = document.body.appendChild(document.createElement('button'));
    expect(press(button, '1', { ctrlKey: true }).defaultPrevented).toBe(true);
    expect(drafts).toHaveBeenCalledTimes(1);
    expect(press(button, '2', { ctrlKey: true }).defaultPrevented).toBe(false);
  });

  test('the newest provider wins, and withdrawing it gives the command back to the one before', () => {
    const older = vi.fn();
    const newer = vi.fn();
    provide({ find: older });
    const withdraw = provideCommands({ find: newer });
    runCommand('find');
    expect(newer).toHaveBeenCalledTimes(1);
    withdraw();
    runCommand('find');
    expect(older).toHaveBeenCalledTimes(1);
  });

  test('nothing runs while a modal dialog is open, by key, by name or by menu', () => {
    const about = vi.fn();
    provide({ 'go.about': about });
    const dialog = document.body.appendChild(document.createElement('dialog'));
    dialog.setAttribute('open', '');
    const input = dialog.appendChild(document.createElement('input'));
    expect(press(input, '3', { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(runCommand('go.about')).toBe(false);
    expect(about).not.toHaveBeenCalled();
  });

  test('a widget inside the modal still takes its keys (the palette’s list), nothing outside it does', () => {
    const next = vi.fn();
    const outside = vi.fn();
    const grid = document.body.appendChild(document.createElement('div'));
    cleanups.push(keyScope('rules-grid', { 'grid.next': outside })(grid) as () => void);
    const dialog = document.body.appendChild(document.createElement('dialog'));
    dialog.setAttribute('open', '');
    const field = dialog.appendChild(document.createElement('input'));
    cleanups.push(keyScope('list', { 'list.next': next })(field) as () => void);
    expect(press(field, 'ArrowDown').defaultPrevented).toBe(true);
    expect(next).toHaveBeenCalledTimes(1);
    expect(press(grid, 'ArrowDown').defaultPrevented).toBe(false);
    expect(outside).not.toHaveBeenCalled();
  });

  test('focus scopes: Enter edits on the grid and selects on the map; a handler may decline a key', () => {
    const edit = vi.fn(() => false as const);
    const select = vi.fn();
    const grid = document.body.appendChild(document.createElement('div'));
    const map = document.body.appendChild(document.createElement('div'));
    const block = map.appendChild(document.createElement('span'));
    cleanups.push(keyScope('rules-grid', { 'rule.edit': edit })(grid) as () => void);
    cleanups.push(keyScope('map', { 'map.select': select })(map) as () => void);
    expect(press(block, 'Enter').defaultPrevented).toBe(true);
    expect(select).toHaveBeenCalledTimes(1);
    expect(press(grid, 'Enter').defaultPrevented).toBe(false);
    expect(edit).toHaveBeenCalledTimes(1);
    expect(availableCommands(block).map((c) => c.id)).toContain('map.select');
    expect(availableCommands(grid).map((c) => c.id)).not.toContain('map.select');
  });

  test('plain letters and field undo leave text fields alone', () => {
    const add = vi.fn();
    const undo = vi.fn();
    provide({ 'rule.new': add, 'edit.undo': undo });
    const input = document.body.appendChild(document.createElement('input'));
    press(input, 'n');
    press(input, 'z', { ctrlKey: true });
    expect(add).not.toHaveBeenCalled();
    expect(undo).not.toHaveBeenCalled();
    press(document.body, 'n');
    expect(add).toHaveBeenCalledTimes(1);
  });
});

describe('the menu command event', () => {
  function fakeMenu() {
    let listener: ((event: MenuCommandEvent) => void) | null = null;
    const api = { app: { onMenuCommand: (cb: (event: MenuCommandEvent) => void) => ((listener = cb), () => (listener = null)) } } as unknown as Pick<DesktopApi, 'app'>;
    return { api, send: (payload: unknown) => listener?.(payload as MenuCommandEvent), listening: () => listener !== null };
  }

  test('a keymap id runs its command; anything else is dropped with a warning', () => {
    const help = vi.fn();
    provide({ 'help.shortcuts': help });
    const menu = fakeMenu();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stop = followMenuCommands(menu.api);
    menu.send({ command: 'help.shortcuts' });
    expect(help).toHaveBeenCalledTimes(1);
    for (const bad of [{ command: 'app.quit' }, { command: 'help.shortcuts', extra: 1 }, null, 'help.shortcuts', {}]) menu.send(bad);
    expect(help).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(5);
    stop();
    expect(menu.listening()).toBe(false);
    warn.mockRestore();
  });
});
