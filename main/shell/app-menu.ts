// Turns the pure menu template into Electron's menu. A command item's click becomes one event,
// app.onMenuCommand { command }, which the renderer checks and runs like the key; Help's own
// actions (documentation, data folder, report an issue) stay in main. Electron is passed in, so
// tests drive it with fakes.
import type { MenuItemConstructorOptions } from 'electron';
import { z } from 'zod';
import '../../core/zod-config.ts';
import { COMMAND_IDS, type CommandId } from '../../core/keymap.ts';
import type { EventHub } from '../events.ts';
import { emitEvent } from '../typed-events.ts';
import { menuTemplate, type MainAction, type MenuItemSpec, type MenuOptions } from './menu-template.ts';

/** Electron's own item options (a type only: nothing of Electron is loaded here). */
export type ElectronMenuItem = MenuItemConstructorOptions & { submenu?: ElectronMenuItem[]; click?: () => void };

export interface MenuDeps {
  events: EventHub;
  actions: Readonly<Record<MainAction, () => void>>;
  /** File → Open Recent → a file (main/drafts/open-recent.ts requestOpen). */
  openRecentFile: (path: string) => void;
}

const commandSchema = z.enum(COMMAND_IDS);

/** Sends a menu command to the renderer, after checking it names a keymap command. */
export function sendMenuCommand(events: EventHub, command: CommandId): void {
  emitEvent(events, 'app.onMenuCommand', { command: commandSchema.parse(command) });
}

function toElectron(item: MenuItemSpec, deps: MenuDeps): ElectronMenuItem {
  switch (item.kind) {
    case 'separator':
      return { type: 'separator' };
    case 'role':
      return item.label ? { role: item.role, label: item.label } : { role: item.role };
    case 'action':
      return { label: item.label, ...(item.enabled === false ? { enabled: false } : {}), click: () => deps.actions[item.action]() };
    case 'recent-file':
      return { label: item.label, click: () => deps.openRecentFile(item.path) };
    case 'note':
      return { label: item.label, enabled: false };
    case 'command':
      return {
        label: item.label,
        ...(item.accelerator ? { accelerator: item.accelerator } : {}),
        registerAccelerator: false,
        click: () => sendMenuCommand(deps.events, item.command),
      };
    case 'submenu':
      return { label: item.label, ...(item.role ? { role: item.role } : {}), submenu: item.items.map((i) => toElectron(i, deps)) };
  }
}

export function electronMenuTemplate(options: MenuOptions, deps: MenuDeps): ElectronMenuItem[] {
  return menuTemplate(options).map((item) => toElectron(item, deps));
}
