// The preload with `electron` mocked: it must expose exactly the interface's methods on one object.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { API_EVENTS, API_METHODS } from '../../preload/api.ts';

const bridge = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.push([key, api]) },
  ipcRenderer: { invoke: bridge.invoke, on: bridge.on, removeListener: bridge.removeListener, send: vi.fn(), sendSync: vi.fn() },
  webUtils: { getPathForFile: (file: File) => (file.name === 'on-disk.yaml' ? '/home/me/on-disk.yaml' : '') },
}));

async function loadPreload() {
  vi.resetModules();
  bridge.exposed.length = 0;
  await import('../../preload/index.ts');
  expect(bridge.exposed).toHaveLength(1);
  return bridge.exposed[0]!;
}

describe('preload', () => {
  beforeEach(() => {
    bridge.invoke.mockReset();
    bridge.on.mockReset();
    bridge.removeListener.mockReset();
  });

  test('exposes one object, window.acr, with exactly the API methods and events', async () => {
    const [key, api] = await loadPreload();
    expect(key).toBe('acr');
    // one member is answered in the preload itself (no IPC): the path of a dropped file
    const { pathOfDroppedFile, ...areas } = api as Record<string, object>;
    expect(typeof pathOfDroppedFile).toBe('function');
    const shape = Object.fromEntries(Object.entries(areas).map(([area, group]) => [area, Object.keys(group).sort()]));
    const expected = Object.fromEntries(
      Object.keys(API_METHODS).map((area) => [
        area,
        [...(API_METHODS as Record<string, readonly string[]>)[area]!, ...(API_EVENTS as Record<string, readonly string[]>)[area]!].sort(),
      ]),
    );
    expect(shape).toEqual(expected);
    for (const group of Object.values(api as Record<string, Record<string, unknown>>)) {
      for (const member of Object.values(group)) expect(typeof member).toBe('function');
    }
    expect(JSON.stringify(Object.keys(api as object))).not.toMatch(/invoke|ipc|send/i);
    expect(Object.isFrozen(api)).toBe(true);
  });

  test('the path of a dropped file comes from webUtils, and is null for a file that is not on disk', async () => {
    const [, api] = await loadPreload();
    const acr = api as Window['acr'];
    expect(acr.pathOfDroppedFile(new File(['rules: []'], 'on-disk.yaml'))).toBe('/home/me/on-disk.yaml');
    expect(acr.pathOfDroppedFile(new File(['rules: []'], 'made-in-page.yaml'))).toBeNull();
    expect(bridge.invoke).not.toHaveBeenCalled();
  });

  test('a method call becomes one invoke on its own channel and unwraps the value', async () => {
    const [, api] = await loadPreload();
    bridge.invoke.mockResolvedValue({ ok: true, value: { name: 'ACR Cache Studio' } });
    const about = await (api as Window['acr']).app.about();
    expect(about).toEqual({ name: 'ACR Cache Studio' });
    expect(bridge.invoke).toHaveBeenCalledWith('acr:app.about');
    await (api as Window['acr']).app.openExternal('https://aka.ms/acr').catch(() => {});
    expect(bridge.invoke).toHaveBeenLastCalledWith('acr:app.openExternal', 'https://aka.ms/acr');
  });

  test('errors come back as rejected promises that keep their code', async () => {
    const [, api] = await loadPreload();
    bridge.invoke.mockResolvedValue({ ok: false, error: { code: 'link-not-allowed', message: 'no' } });
    await expect((api as Window['acr']).app.openExternal('http://x')).rejects.toEqual({ name: 'ApiError', code: 'link-not-allowed', message: 'no' });
    bridge.invoke.mockResolvedValue(undefined);
    await expect((api as Window['acr']).app.about()).rejects.toMatchObject({ code: 'ipc-malformed' });
    bridge.invoke.mockRejectedValue(new Error('No handler registered'));
    await expect((api as Window['acr']).app.about()).rejects.toMatchObject({ code: 'ipc-failed' });
  });
});
