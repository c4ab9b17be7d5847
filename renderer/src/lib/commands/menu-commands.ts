// The application menu's IPC event, checked before it runs anything: main names a command, and
// only an id from the keymap gets through to runCommand (the same door as the keys and the palette).
import '../../../../core/zod-config.ts';
import { z } from 'zod';
import { COMMAND_IDS } from '../../../../core/keymap.ts';
import type { DesktopApi, Unsubscribe } from '../../../../preload/api.ts';
import { runCommand } from './commands.ts';

const menuCommandSchema = z.strictObject({ command: z.enum(COMMAND_IDS) });

/** Runs the menu's commands until the result is called. Malformed payloads are dropped with a warning. */
export function followMenuCommands(api: Pick<DesktopApi, 'app'>): Unsubscribe {
  return api.app.onMenuCommand((payload: unknown) => {
    const parsed = menuCommandSchema.safeParse(payload);
    if (!parsed.success) {
      console.warn('ignored a malformed menu command', parsed.error.issues.map((i) => i.message).join('; '));
      return;
    }
    runCommand(parsed.data.command);
  });
}
