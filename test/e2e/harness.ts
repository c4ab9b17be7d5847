// The e2e harness: the built renderer runs in Debian's Chromium; its `window.acr` is the real
// bridge code; every call is answered by the real main-process services built by the same
// composition root as the Electron app. Only Electron's own glue is replaced.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from '@playwright/test';
import { createMainServices, type MainServices, type MainServicesOptions } from '../../main/services.ts';
import { createMemoryKeychain } from '../emulators/memory-keychain.ts';

let shimSource: Promise<string> | null = null;

/** The preload stand-in, bundled once per worker. */
function preloadShim(): Promise<string> {
  shimSource ??= build({
    entryPoints: [fileURLToPath(new URL('./preload-shim.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).then((result) => result.outputFiles[0]!.text);
  return shimSource;
}

export interface AppCall {
  channel: string;
  args: unknown[];
}

export interface OpenedApp {
  services: MainServices;
  dataDir: string;
  calls: AppCall[];
  externalLinks: string[];
  /** Re-opens the page (same data folder, new services), as a restart of the app would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  dataDir?: string;
  services?: Partial<MainServicesOptions>;
  path?: string;
}

export async function openApp(page: Page, options: OpenAppOptions = {}): Promise<OpenedApp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'acs-e2e-')));
  const ownsDataDir = !options.dataDir;
  const calls: AppCall[] = [];
  const externalLinks: string[] = [];
  let services: MainServices;
  let unsubscribe: () => void = () => {};
  // Never the developer's own OS keychain: an in-memory one that, like the real one, outlives a
  // restart of the app. Tests that sign in pass their emulator environment's options instead.
  const keychain = createMemoryKeychain();

  const start = async () => {
    services = await createMainServices({
      dataDir,
      runtime: { name: 'ACR Cache Studio', version: '0.1.0', versions: { node: process.versions.node }, platform: process.platform },
      openExternal: async (url) => {
        externalLinks.push(url);
      },
      onInternalError: (channel, error) => console.error(`[e2e] ${channel} failed`, error),
      azure: { keychain: async () => keychain, env: {}, log: () => {} },
      ...options.services,
    });
    unsubscribe = services.events.subscribe((channel, payload) => {
      void page.evaluate(([c, p]) => (window as unknown as { __acrEmit(c: string, p: unknown): void }).__acrEmit(c, p), [channel, payload] as const).catch(() => {});
    });
  };
  await start();

  await page.exposeBinding('__acrInvoke', async (source, channel: string, args: unknown[]) => {
    // the sender check of the real glue: only the page's own main frame may call
    if (source.frame !== page.mainFrame()) return { ok: false, error: { code: 'forbidden-sender', message: 'not the main frame' } };
    calls.push({ channel, args });
    return services.router.invoke(channel, args);
  });
  await page.addInitScript({ content: await preloadShim() });
  await page.goto(options.path ?? '/');

  return {
    get services() {
      return services;
    },
    dataDir,
    calls,
    externalLinks,
    async restart() {
      unsubscribe();
      await services.dispose();
      await start();
      await page.reload();
    },
    async close() {
      unsubscribe();
      await services.dispose();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** CSP violations the page reported since it loaded (the shim records them). */
export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}
