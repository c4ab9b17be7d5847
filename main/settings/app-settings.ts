// The app's own preferences (sign-in settings live in auth-settings.json): theme, how long a
// registry's repository list is trusted, and updates. One zod schema reads the file, checks every
// update from the window and fills defaults, so a value the app cannot use never gets in; an
// unreadable or foreign file is a fresh start with the defaults, never a failure.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { writeFileAtomic } from '../atomic-file.ts';

export const APP_SETTINGS_FILE = 'settings.json';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export const updateChannelSchema = z.enum(['latest', 'beta']);

export const appSettingsSchema = z
  .object({
    theme: themeSchema.default('system'),
    /** Minutes a registry's repository list is used before it is read again (0: every time). */
    repositoryCacheMinutes: z.number().int().min(0).max(24 * 60).default(15),
    updates: z
      .object({
        checkAtStart: z.boolean().default(true),
        channel: updateChannelSchema.default('latest'),
      })
      .strict()
      .default({ checkAtStart: true, channel: 'latest' }),
  })
  .strict();

export type AppSettings = z.infer<typeof appSettingsSchema>;

/** What the window may change: any subset, each value checked by the same schema. */
export const appSettingsUpdateSchema = z
  .object({
    theme: themeSchema.optional(),
    repositoryCacheMinutes: z.number().int().min(0).max(24 * 60).optional(),
    updates: z.object({ checkAtStart: z.boolean().optional(), channel: updateChannelSchema.optional() }).strict().optional(),
  })
  .strict();

export type AppSettingsUpdate = z.infer<typeof appSettingsUpdateSchema>;

export const DEFAULT_APP_SETTINGS: AppSettings = appSettingsSchema.parse({});

export interface AppSettingsStore {
  get(): AppSettings;
  /** Writes the change (atomically) before it takes effect; a failed write changes nothing. */
  update(update: AppSettingsUpdate): Promise<AppSettings>;
  /** Called after every successful update. */
  onChange(listener: (settings: AppSettings) => void): () => void;
}

export async function openAppSettings(dataDir: string): Promise<AppSettingsStore> {
  const file = join(dataDir, APP_SETTINGS_FILE);
  let current = DEFAULT_APP_SETTINGS;
  try {
    const parsed = appSettingsSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) current = parsed.data;
  } catch {
    // no file yet, or not JSON: the defaults
  }
  const listeners = new Set<(settings: AppSettings) => void>();
  let writing = Promise.resolve();
  return {
    get: () => current,
    update(update) {
      const run = writing.then(async () => {
        const next = appSettingsSchema.parse({ ...current, ...update, updates: { ...current.updates, ...update.updates } });
        try {
          await writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new AppError('settings-not-saved', `The settings were not saved (${code ?? String(error)}) to ${file}; nothing changed. ${code === 'ENOSPC' ? 'Free some disk space and try again.' : 'Check that the folder is writable.'}`);
        }
        current = next;
        for (const listener of listeners) listener(current);
        return current;
      });
      writing = run.then(() => undefined, () => undefined);
      return run;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
