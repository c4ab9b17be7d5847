import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from '../app-error.ts';
import { appHandlers } from '../handlers/app.ts';
import { createIpcRouter, type HandlerTable } from './router.ts';

// The router itself is area-agnostic; these tests drive it with the `app` area alone.
function onlyApp(app: HandlerTable['app']): HandlerTable {
  return { app } as HandlerTable;
}

function table(overrides: Partial<HandlerTable['app']> = {}): HandlerTable {
  return {
    app: {
      ...appHandlers({
        runtime: { name: 'ACR Cache Studio', version: '1.2.3', versions: { node: '20.0.0' }, platform: 'linux' },
        dataDir: '/data',
        openExternal: async () => {},
      }),
      ...overrides,
    },
  } as HandlerTable;
}

describe('IPC router', () => {
  test('answers a valid call with ok and the handler value', async () => {
    const router = createIpcRouter(table());
    const result = await router.invoke('app.about', []);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ name: 'ACR Cache Studio', version: '1.2.3', node: '20.0.0', electron: null }),
    });
  });

  test('refuses an unknown method with a clear error', async () => {
    const router = createIpcRouter(table());
    expect(await router.invoke('app.formatDisk', [])).toEqual({
      ok: false,
      error: { code: 'unknown-method', message: '"app.formatDisk" is not a method of the app\'s API.' },
    });
    expect(await router.invoke('__proto__', [])).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  test('refuses malformed payloads before the handler runs, naming the argument', async () => {
    const openExternal = vi.fn(async () => {});
    const router = createIpcRouter(onlyApp(appHandlers({ runtime: { name: 'x', version: '1', versions: {}, platform: 'linux' }, dataDir: '/d', openExternal })));
    const wrongType = await router.invoke('app.openExternal', [42]);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(wrongType.ok === false && wrongType.error.message).toMatch(/app\.openExternal was called with invalid argument 0/);
    expect(await router.invoke('app.openExternal', [])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('app.openExternal', ['https://aka.ms', 'extra'])).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(await router.invoke('app.about', { not: 'a tuple' })).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect(openExternal).not.toHaveBeenCalled();
  });

  test('passes AppError codes through and hides other failures behind "internal"', async () => {
    const onInternalError = vi.fn();
    const router = createIpcRouter(
      table({
        about: { args: z.tuple([]), handle: () => { throw new AppError('draft-missing', 'Draft "x" does not exist.'); } },
        openExternal: { args: z.tuple([z.string()]), handle: () => { throw new TypeError('boom'); } },
      }),
      { onInternalError },
    );
    expect(await router.invoke('app.about', [])).toEqual({ ok: false, error: { code: 'draft-missing', message: 'Draft "x" does not exist.' } });
    expect(await router.invoke('app.openExternal', ['a'])).toEqual({
      ok: false,
      error: { code: 'internal', message: 'app.openExternal failed unexpectedly: boom' },
    });
    expect(onInternalError).toHaveBeenCalledWith('app.openExternal', expect.any(TypeError));
  });

  test('opens only allow-listed https links', async () => {
    const openExternal = vi.fn(async () => {});
    const router = createIpcRouter(onlyApp(appHandlers({ runtime: { name: 'x', version: '1', versions: {}, platform: 'linux' }, dataDir: '/d', openExternal })));
    expect(await router.invoke('app.openExternal', ['https://learn.microsoft.com/azure/container-registry/'])).toEqual({ ok: true, value: undefined });
    // the device-code sign-in pages
    expect(await router.invoke('app.openExternal', ['https://microsoft.com/devicelogin'])).toEqual({ ok: true, value: undefined });
    expect(await router.invoke('app.openExternal', ['https://login.microsoft.com/device'])).toEqual({ ok: true, value: undefined });
    for (const url of ['http://learn.microsoft.com/', 'file:///etc/passwd', 'https://evil.example/', 'javascript:alert(1)', 'https://learn.microsoft.com.evil.example/']) {
      expect(await router.invoke('app.openExternal', [url])).toMatchObject({ ok: false, error: { code: 'link-not-allowed' } });
    }
    expect(openExternal).toHaveBeenCalledTimes(3);
  });

  test('a validator that throws is answered as an internal error, never a rejected call', async () => {
    const onInternalError = vi.fn();
    const handle = vi.fn();
    const router = createIpcRouter(
      table({
        about: {
          args: z.tuple([]).refine(() => {
            throw new RangeError('validator blew up');
          }),
          handle,
        },
      }),
      { onInternalError },
    );
    await expect(router.invoke('app.about', [])).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'app.about failed unexpectedly: validator blew up' },
    });
    expect(handle).not.toHaveBeenCalled();
    expect(onInternalError).toHaveBeenCalledWith('app.about', expect.any(RangeError));
  });

  test('openExternal is given the href the allow-list checked, not the raw string', async () => {
    const openExternal = vi.fn(async () => {});
    const router = createIpcRouter(onlyApp(appHandlers({ runtime: { name: 'x', version: '1', versions: {}, platform: 'linux' }, dataDir: '/d', openExternal })));
    // WHATWG URL reads '\\' as '/', so the host checked is learn.microsoft.com; an OS handler given
    // the raw text could read "learn.microsoft.com\\" as userinfo and open evil.example.
    expect(await router.invoke('app.openExternal', ['https://learn.microsoft.com\\@evil.example/'])).toEqual({ ok: true, value: undefined });
    expect(await router.invoke('app.openExternal', ['https://LEARN.microsoft.com/a b'])).toEqual({ ok: true, value: undefined });
    expect(openExternal.mock.calls).toEqual([['https://learn.microsoft.com/@evil.example/'], ['https://learn.microsoft.com/a%20b']]);
  });
});

