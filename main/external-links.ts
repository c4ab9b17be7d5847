// Links the app may open in the system browser. Exact host match on https only: a renderer
// compromised by bad data must not be able to launch arbitrary URLs or local programs.
const ALLOWED_HOSTS = new Set([
  'portal.azure.com',
  'portal.azure.us',
  'portal.azure.cn',
  'learn.microsoft.com',
  'aka.ms',
  'azure.microsoft.com',
  'github.com',
  'hub.docker.com',
  'microsoft.com',
  'www.microsoft.com',
  // device-code verification pages: microsoft.com/devicelogin and login.microsoft.com/device
  'login.microsoft.com',
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
]);

/**
 * The link as the allow-list understood it (`URL.href`: parsed and re-serialised), or null when it
 * is not allowed. Callers open this href, never the raw string: the OS URL handler parses
 * differently from WHATWG URL (`\\`, tabs, odd escapes), and the checked host must be the host
 * opened.
 */
/** The project's pages the Help menu opens (package.json `homepage`). */
export const PROJECT_LINKS = {
  documentation: 'https://github.com/acr-cache-studio/acr-cache-studio#readme',
  newIssue: 'https://github.com/acr-cache-studio/acr-cache-studio/issues/new',
} as const;

export function allowedExternalHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password) return null;
  if (parsed.port && parsed.port !== '443') return null;
  return ALLOWED_HOSTS.has(parsed.hostname.toLowerCase()) ? parsed.href : null;
}
