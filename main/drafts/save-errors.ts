// What a failed read or write of the drafts file means to the user: what happened, where, and what
// to do about it. One place, so the editor, the startup notice and the apply report say the same.
import { AppError } from '../app-error.ts';

export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why `dir` could not be written, and the fix, in one sentence each. */
export function writeFailureText(error: unknown, dir: string): string {
  switch (errnoOf(error)) {
    case 'ENOSPC':
      return `The disk that holds ${dir} is full. Free some space there (deleting a draft you no longer need also helps), then try again.`;
    case 'EDQUOT':
      return `Your disk quota for ${dir} is used up. Free some space there, then try again.`;
    case 'EROFS':
      return `The folder ${dir} is on a read-only disk. Make it writable, or start the app with --data-dir=<a writable folder>.`;
    case 'EACCES':
    case 'EPERM':
      return `The folder ${dir} may not be written by this user. Give yourself write access to it, or start the app with --data-dir=<a writable folder>.`;
    case 'EISDIR':
      return `Something in ${dir} is a folder where the drafts file should be. Move it away, then try again.`;
    case 'EMFILE':
    case 'ENFILE':
      return `Too many files are open on this computer to write to ${dir}. Close some programs, then try again.`;
    default: {
      const code = errnoOf(error);
      return `Writing to ${dir} failed${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}. Check the folder exists and may be written, then try again.`;
    }
  }
}

/** A change that could not be written: it was undone in memory, so the app shows what the disk holds. */
export function saveFailed(error: unknown, dir: string): AppError {
  return new AppError('save-failed', `The change was not saved, and the draft is as it was. ${writeFailureText(error, dir)}`);
}

export function isSaveFailure(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'save-failed' || error.code === 'drafts-unavailable');
}
