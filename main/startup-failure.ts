// What the user reads when the main-process services cannot start at all (the drafts store
// reports its own problems in the window; this is for everything else): what failed, where the
// data lives, and how to start anyway.
import { errnoOf, writeFailureText } from './drafts/save-errors.ts';

export function startupFailureText(error: unknown, dataDir: string): string {
  const code = errnoOf(error);
  const detail = code !== undefined ? writeFailureText(error, dataDir) : `${error instanceof Error ? error.message : String(error)}.`;
  return `ACR Cache Studio could not start. ${detail}\n\nThe app keeps its data in ${dataDir}. To start with another folder, run it with --data-dir=<folder> (or set ACR_CACHE_STUDIO_DATA_DIR).`;
}
