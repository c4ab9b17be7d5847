// The renderer's only door to the main process. Kept in one place so components never reach for
// `window` themselves and tests can swap it.
import { isApiError, type WindowApi } from '../../../preload/api.ts';

export function desktopApi(): WindowApi {
  const api = (globalThis as { acr?: WindowApi }).acr;
  if (!api) throw new Error('The desktop API is missing: the renderer was loaded without the app preload.');
  return api;
}

/** A sentence for the user from whatever an API call rejected with. */
export function errorText(error: unknown): string {
  if (isApiError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
