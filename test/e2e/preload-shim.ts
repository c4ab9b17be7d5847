// Stands in for preload/index.ts in the e2e harness: the same createDesktopApi, with Playwright
// bindings as the transport instead of ipcRenderer. Bundled to an init script by harness.ts.
import type { ApiResult } from '../../preload/api.ts';
import { createDesktopApi } from '../../preload/bridge.ts';

type Listener = (payload: unknown) => void;

interface HarnessWindow {
  __acrInvoke(channel: string, args: unknown[]): Promise<ApiResult<unknown>>;
  __acrEmit?: (channel: string, payload: unknown) => void;
  __cspViolations?: string[];
  /** Paths of "files on disk" by name: what webUtils.getPathForFile answers in the app (a spec sets them). */
  __acrFilePaths?: Record<string, string>;
}

const harness = window as unknown as HarnessWindow;
const listeners = new Map<string, Set<Listener>>();

harness.__acrEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener(payload);
};
harness.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  harness.__cspViolations!.push(`${event.violatedDirective} ${event.blockedURI}`);
});

const api = createDesktopApi({
  invoke: (channel, args) => harness.__acrInvoke(channel, args),
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  },
  // a File made in the page has no path; a spec names the ones that stand for files on disk
  pathOfFile: (file) => harness.__acrFilePaths?.[file.name] ?? '',
});
Object.defineProperty(window, 'acr', { value: api, writable: false, configurable: false });
