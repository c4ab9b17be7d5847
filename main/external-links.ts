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

export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  if (parsed.port && parsed.port !== '443') return false;
  return ALLOWED_HOSTS.has(parsed.hostname.toLowerCase());
}
