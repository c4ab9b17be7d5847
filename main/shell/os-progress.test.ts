import { describe, expect, it, vi } from 'vitest';
import type { ApiResult, ApplyOutcomeView } from '../../preload/api.ts';
import type { IpcRouter } from '../ipc/router.ts';
import { applyNotice, createOsProgress, type OsNotice, type ProgressMode } from './os-progress.ts';

// The module must not need Electron: if it imported it, this mock would be the one it got.
vi.mock('electron', () => {
  throw new Error('os-progress must not import electron');
});

function fakeWindow(focused = false) {
  const bars: [number, ProgressMode | undefined][] = [];
  const focusListeners: (() => void)[] = [];
  const window = {
    focused,
    minimized: false,
    calls: [] as string[],
    isDestroyed: () => false,
    isFocused: () => window.focused,
    isMinimized: () => window.minimized,
    restore: () => window.calls.push('restore'),
    show: () => window.calls.push('show'),
    focus: () => {
      window.calls.push('focus');
      window.focused = true;
      for (const l of focusListeners.splice(0)) l();
    },
    setProgressBar: (progress: number, options?: { mode: ProgressMode }) => bars.push([progress, options?.mode]),
    once: (_event: 'focus', listener: () => void) => focusListeners.push(listener),
  };
  return { window, bars, last: () => bars.at(-1) };
}

function outcome(over: Partial<ApplyOutcomeView> = {}): ApplyOutcomeView {
  return { results: [], succeeded: 12, failed: 0, skipped: 0, held: 0, cancelled: 0, retries: 0, throttled: 0, ms: 1, converged: true, ...over };
}

/** A router whose apply/import answers when the test says so. */
function pendingRouter() {
  const pending = new Map<string, (r: ApiResult<unknown>) => void>();
  const router: IpcRouter = {
    channels: ['sync.apply', 'sync.importRegistry', 'sync.plan'],
    invoke: (channel) => new Promise((resolve) => pending.set(channel, resolve)),
  };
  const answer = async (channel: string, result: ApiResult<unknown>) => {
    pending.get(channel)?.(result);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { router, answer };
}

const progress = (done: number, total: number, extra: object = {}) => ({ draftId: 'd1', total, done, succeeded: done, failed: 0, skipped: 0, running: 0, retries: 0, writesPerSecond: null, ...extra });
const applyArgs = [{ draftId: 'd1', loginServer: 'contoso.azurecr.io', prune: false, resolutions: {} }];

function setup(platform: NodeJS.Platform = 'win32', focused = false) {
  const w = fakeWindow(focused);
  const notices: OsNotice[] = [];
  const os = createOsProgress({ window: () => w.window, notify: (n) => notices.push(n), platform });
  const { router, answer } = pendingRouter();
  return { ...w, notices, os, router: os.observe(router), answer };
}

describe('taskbar progress of an apply', () => {
  it('shows the fraction of operations done while the apply runs, and clears the bar when it succeeds', async () => {
    const t = setup();
    const call = t.router.invoke('sync.apply', applyArgs);
    expect(t.last()).toEqual([2, 'indeterminate']);
    t.os.onEvent('sync.onApplyProgress', progress(3, 12));
    expect(t.last()).toEqual([0.25, 'normal']);
    t.os.onEvent('sync.onApplyProgress', progress(12, 12));
    expect(t.last()).toEqual([1, 'normal']);
    await t.answer('sync.apply', { ok: true, value: outcome() });
    await call;
    expect(t.last()).toEqual([-1, 'none']);
  });

  it('shows the paused mode while Azure makes every writer wait', () => {
    const t = setup();
    void t.router.invoke('sync.apply', applyArgs);
    t.os.onEvent('sync.onApplyProgress', progress(6, 12, { pausedUntil: Date.now() + 60_000 }));
    expect(t.last()).toEqual([0.5, 'paused']);
  });

  it('ignores progress of an apply it did not see start, and events of other channels', () => {
    const t = setup();
    t.os.onEvent('sync.onApplyProgress', progress(3, 12));
    t.os.onEvent('azure.onOperation', progress(3, 12));
    expect(t.bars).toEqual([]);
  });

  it('leaves a red bar on Windows after an apply with failures, until the window is focused again', async () => {
    const t = setup('win32');
    void t.router.invoke('sync.apply', applyArgs);
    t.os.onEvent('sync.onApplyProgress', progress(12, 12, { failed: 2 }));
    await t.answer('sync.apply', { ok: true, value: outcome({ succeeded: 10, failed: 2 }) });
    expect(t.last()).toEqual([1, 'error']);
    t.window.focus();
    expect(t.last()).toEqual([-1, 'none']);
  });

  it('clears the bar on platforms without an error mode when an apply fails', async () => {
    const t = setup('darwin');
    void t.router.invoke('sync.apply', applyArgs);
    t.os.onEvent('sync.onApplyProgress', progress(12, 12, { failed: 2 }));
    await t.answer('sync.apply', { ok: true, value: outcome({ succeeded: 10, failed: 2 }) });
    expect(t.last()).toEqual([-1, 'none']);
    expect(t.bars.some(([, mode]) => mode === 'error')).toBe(false);
  });

  it('clears the bar when the apply is refused before anything is sent, without a notification', async () => {
    const t = setup('win32');
    void t.router.invoke('sync.apply', applyArgs);
    await t.answer('sync.apply', { ok: false, error: { code: 'plan-blocked', message: 'Nothing was applied' } });
    expect(t.last()).toEqual([-1, 'none']);
    expect(t.notices).toEqual([]);
  });
});

describe('taskbar progress of a registry import', () => {
  it('is indeterminate while the registry is read and cleared when the import answers', async () => {
    const t = setup();
    const call = t.router.invoke('sync.importRegistry', [{}, 'contoso.azurecr.io', 'x']);
    expect(t.last()).toEqual([2, 'indeterminate']);
    await t.answer('sync.importRegistry', { ok: false, error: { code: 'forbidden', message: 'no' } });
    await call;
    expect(t.last()).toEqual([-1, 'none']);
  });
});

describe('notification when an apply finishes', () => {
  it('is shown only when the window is not focused, and clicking it brings the window back', async () => {
    const t = setup('linux', false);
    t.window.minimized = true;
    void t.router.invoke('sync.apply', applyArgs);
    await t.answer('sync.apply', { ok: true, value: outcome() });
    expect(t.notices.map((n) => n.title)).toEqual(['Applied 12 changes to contoso.azurecr.io']);
    t.notices[0]!.onClick();
    expect(t.window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('is not shown when the user is looking at the window', async () => {
    const t = setup('linux', true);
    void t.router.invoke('sync.apply', applyArgs);
    await t.answer('sync.apply', { ok: true, value: outcome() });
    expect(t.notices).toEqual([]);
  });

  it('names the registry from the plan when the apply request does not', async () => {
    const t = setup('linux');
    void t.router.invoke('sync.plan', [{ draftId: 'd1', prune: false, resolutions: {} }]);
    await t.answer('sync.plan', { ok: true, value: { loginServer: 'fabrikam.azurecr.io' } });
    void t.router.invoke('sync.apply', [{ draftId: 'd1', prune: false, resolutions: {} }]);
    await t.answer('sync.apply', { ok: true, value: outcome({ succeeded: 1 }) });
    expect(t.notices[0]?.title).toBe('Applied 1 change to fabrikam.azurecr.io');
  });

  it('counts failures in its title', () => {
    expect(applyNotice(outcome({ succeeded: 10, failed: 2 }), 'contoso.azurecr.io').title).toBe('Apply finished with 2 failures');
    expect(applyNotice(outcome({ succeeded: 11, failed: 1 }), null).title).toBe('Apply finished with 1 failure');
    expect(applyNotice(outcome({ succeeded: 3, cancelled: 9 }), null).title).toBe('Apply cancelled');
  });
});
