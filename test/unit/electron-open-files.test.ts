// Files the OS opens with the app, through main/index.ts with `electron` mocked and the real
// services on a fresh data folder: the first launch's file, a second launch's, macOS open-file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { restoreArgv, startMainProcess, type MockWindow } from '../support/electron-mock.ts';

const electron = await vi.hoisted(async () => {
  const data = { dir: '' };
  return { ...(await import('../support/electron-mock.ts')).createElectronMock({ getPath: () => data.dir }), data };
});
vi.mock('electron', () => electron.module);
const { state } = electron;

const RULES = 'registry: contoso.azurecr.io\nrules:\n  - name: hub\n    source: docker.io/library/*\n    target: hub/*\n';
const trusted = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-open-files-'));
  electron.data.dir = join(dir, 'data');
  state.singleInstance = true;
  state.quit.mockClear();
});
afterEach(async () => {
  restoreArgv();
  await rm(dir, { recursive: true, force: true });
});

/** The window's page has loaded (Electron's did-finish-load): from now on it hears main's events. */
function loaded(window: MockWindow) {
  for (const listener of window.webContents.listeners.get('did-finish-load') ?? []) listener();
}

const openedEvents = (window: MockWindow) => window.webContents.send.mock.calls.filter(([channel]) => channel === 'acr-event:drafts.onFileOpened').map(([, payload]) => payload);

async function draftNames(): Promise<string[]> {
  const list = (await state.ipcHandlers.get('acr:drafts.list')!(trusted)) as { ok: true; value: { name: string }[] };
  return list.value.map((d) => d.name).sort();
}

describe('files the OS opens with the app', () => {
  test('the first launch: its file becomes a draft, and the window hears of it once loaded', async () => {
    const file = join(dir, 'contoso-prod.acrcache.yaml');
    await writeFile(file, RULES);
    await startMainProcess(electron, { args: [file] });
    expect(state.singleInstanceData).toEqual([{ openFiles: [file] }]);
    const window = state.windows[0]!;
    await vi.waitFor(async () => expect(await draftNames()).toEqual(['contoso-prod']));
    expect(openedEvents(window)).toEqual([]);
    loaded(window);
    await vi.waitFor(() => expect(openedEvents(window)).toEqual([{ ok: true, path: file, draftId: expect.any(String), draftName: 'contoso-prod', ruleCount: 1 }]));
  });

  test('a second launch brings the minimised window back and opens its files; a missing one is a notice naming it', async () => {
    await startMainProcess(electron);
    const window = state.windows[0]!;
    loaded(window);
    window.minimized = true;
    const file = join(dir, 'second.acrcache.json');
    await writeFile(file, JSON.stringify({ rules: [{ name: 'mcr', source: 'mcr.microsoft.com/*', target: 'mcr/*' }] }));
    const missing = join(dir, 'gone.acrcache.yaml');
    electron.emitApp('second-instance', {}, ['acr-cache-studio', '--original-process-start-time=1'], dir, { openFiles: [missing, file] });
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    await vi.waitFor(() => expect(openedEvents(window)).toHaveLength(2));
    expect(openedEvents(window)).toEqual([
      { ok: false, path: missing, message: `${missing} could not be read (ENOENT). Check the file exists and you may read it.` },
      { ok: true, path: file, draftId: expect.any(String), draftName: 'second', ruleCount: 1 },
    ]);
    expect(await draftNames()).toEqual(['second']);
  });

  test('macOS open-file is taken (preventDefault) and a file that is no rule set is refused with the same words as File → Import', async () => {
    await startMainProcess(electron);
    const window = state.windows[0]!;
    loaded(window);
    const bad = join(dir, 'bad.acrcache.yaml');
    await writeFile(bad, 'rules:\n  - name: hub\n');
    const preventDefault = vi.fn();
    electron.emitApp('open-file', { preventDefault }, bad);
    expect(preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(openedEvents(window)).toHaveLength(1));
    const [event] = openedEvents(window) as [{ ok: boolean; message: string }];
    expect(event).toMatchObject({ ok: false, path: bad });
    expect(event.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be imported: `));
    expect(await draftNames()).toEqual([]);
  });

  test('with its window closed (macOS keeps running), an opened file makes one new window, which hears of it once loaded', async () => {
    await startMainProcess(electron);
    const first = state.windows[0]!;
    loaded(first);
    first.emit('closed');
    const file = join(dir, 'dock.acrcache.yaml');
    await writeFile(file, RULES);
    electron.emitApp('open-file', { preventDefault: () => {} }, file);
    // macOS may also say the app was activated: still one window
    electron.emitApp('activate');
    await vi.waitFor(async () => expect(await draftNames()).toEqual(['dock']));
    expect(state.windows).toHaveLength(2);
    const second = state.windows[1]!;
    expect(openedEvents(second)).toEqual([]);
    loaded(second);
    await vi.waitFor(() => expect(openedEvents(second)).toEqual([{ ok: true, path: file, draftId: expect.any(String), draftName: 'dock', ruleCount: 1 }]));
    expect(openedEvents(first)).toEqual([]);
  });

  test('a second instance hands its files to the first and quits without a window or an import', async () => {
    state.singleInstance = false;
    const file = join(dir, 'x.acrcache.yml');
    await startMainProcess(electron, { args: ['--data-dir', join(dir, 'data'), file] });
    expect(state.singleInstanceData).toEqual([{ openFiles: [file] }]);
    expect(state.quit).toHaveBeenCalled();
    expect(state.windows).toHaveLength(0);
    expect(state.appListeners.get('second-instance')).toBeUndefined();
  });
});
