import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import type { App } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { DraftState, OpenedFileEvent } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { createOpenFiles, filesInArgv, filesOfSecondLaunch, followOpenRequests } from './open-files.ts';

const packaged = { defaultApp: false, workingDirectory: '/home/ana/rules' };
const development = { defaultApp: true, workingDirectory: '/home/ana/rules' };

function stateOf(id: string, name: string, rules = 1): DraftState {
  return { draft: { id, name, createdAt: '', updatedAt: '', ruleSet: { rules: Array.from({ length: rules }, () => ({ name: 'r', source: 's', target: 't' })), credentialSets: [] } }, undo: null, redo: null };
}

describe('files named on a command line', () => {
  it('a packaged launch: every rule-set file after the executable, made absolute from the working directory', () => {
    expect(filesInArgv(['/opt/ACR Cache Studio/acr-cache-studio', 'contoso.acrcache.yaml', '/tmp/b.json', 'sub/c.YML'], packaged)).toEqual([
      '/home/ana/rules/contoso.acrcache.yaml',
      '/tmp/b.json',
      resolve('/home/ana/rules', 'sub/c.YML'),
    ]);
  });

  it('a development launch (`electron <app folder> …`) skips the app folder, even past switches before it', () => {
    expect(filesInArgv(['electron', '--inspect=9229', '.', 'rules.yaml'], development)).toEqual(['/home/ana/rules/rules.yaml']);
    expect(filesInArgv(['electron', 'out/main/index.js'], development)).toEqual([]);
  });

  it('skips switches (Chromium adds some), the value of --data-dir, other files and repeats', () => {
    const argv = ['app', '--original-process-start-time=1337', '--data-dir', '/data/x.json', '--data-dir=/data/y.yaml', 'notes.txt', '-psn_0_123', 'a.yaml', 'a.yaml'];
    expect(filesInArgv(argv, packaged)).toEqual(['/home/ana/rules/a.yaml']);
  });

  it('a file:// URL (a Linux file manager with the .desktop %U) is its path; other URLs are not files', () => {
    expect(filesInArgv(['app', 'file:///home/ana/My%20Rules/contoso.acrcache.yaml', 'https://example.com/x.yaml', 'file://remote-host/x.yaml'], packaged)).toEqual([
      '/home/ana/My Rules/contoso.acrcache.yaml',
    ]);
  });

  it('a second launch: its own list (additionalData) when it sent a well-formed one, else its argv', () => {
    expect(filesOfSecondLaunch(['app', '--allow-file-access-from-files', 'ignored.yaml'], packaged, { openFiles: ['/x/a.acrcache.yaml', '/x/a.acrcache.yaml'] })).toEqual(['/x/a.acrcache.yaml']);
    for (const data of [undefined, null, {}, { openFiles: 'a.yaml' }, { openFiles: ['relative.yaml'] }, { openFiles: ['/etc/passwd'] }]) {
      expect(filesOfSecondLaunch(['app', 'b.json'], { defaultApp: false, workingDirectory: '/w' }, data)).toEqual(['/w/b.json']);
    }
  });
});

describe('opening the files', () => {
  function target(importPath: (path: string) => Promise<DraftState>) {
    const delivered: OpenedFileEvent[] = [];
    return { delivered, target: { importPath: vi.fn(importPath), deliver: (event: OpenedFileEvent) => void delivered.push(event) } };
  }

  it('files asked for before the services are up wait for them, then open in order once the window listens', async () => {
    const openFiles = createOpenFiles();
    openFiles.open(['/x/a.yaml', '/x/b.yaml']);
    const { delivered, target: to } = target(async (path) => stateOf(path === '/x/a.yaml' ? 'a1' : 'b1', path.slice(3, 4), 2));
    openFiles.windowListening(true);
    await openFiles.settled();
    expect(to.importPath).not.toHaveBeenCalled();
    openFiles.start(to);
    await openFiles.settled();
    expect(to.importPath.mock.calls).toEqual([['/x/a.yaml'], ['/x/b.yaml']]);
    expect(delivered).toEqual([
      { ok: true, path: '/x/a.yaml', draftId: 'a1', draftName: 'a', ruleCount: 2 },
      { ok: true, path: '/x/b.yaml', draftId: 'b1', draftName: 'b', ruleCount: 2 },
    ]);
  });

  it('outcomes wait while the window is loading or gone, and go out when it listens', async () => {
    const openFiles = createOpenFiles();
    const { delivered, target: to } = target(async () => stateOf('d1', 'rules'));
    openFiles.start(to);
    openFiles.open(['/x/rules.yaml']);
    await openFiles.settled();
    expect(delivered).toEqual([]);
    openFiles.windowListening(true);
    expect(delivered).toHaveLength(1);
    openFiles.windowListening(false);
    openFiles.open(['/x/rules.yaml']);
    await openFiles.settled();
    expect(delivered).toHaveLength(1);
    openFiles.windowListening(true);
    expect(delivered).toHaveLength(2);
  });

  it("a refused file is a notice with the service's own words; an unexpected fault names the path and is logged", async () => {
    const onUnexpected = vi.fn();
    const openFiles = createOpenFiles({ onUnexpected });
    const { delivered, target: to } = target(async (path) => {
      if (path === '/x/gone.yaml') throw new AppError('import-failed', '/x/gone.yaml could not be read (ENOENT). Check the file exists and you may read it.');
      throw new TypeError('boom');
    });
    openFiles.start(to);
    openFiles.windowListening(true);
    openFiles.open(['/x/gone.yaml', '/x/odd.yaml']);
    await openFiles.settled();
    expect(delivered).toEqual([
      { ok: false, path: '/x/gone.yaml', message: '/x/gone.yaml could not be read (ENOENT). Check the file exists and you may read it.' },
      { ok: false, path: '/x/odd.yaml', message: '/x/odd.yaml could not be opened: boom' },
    ]);
    expect(onUnexpected).toHaveBeenCalledTimes(1);
    expect(onUnexpected).toHaveBeenCalledWith('/x/odd.yaml', expect.any(TypeError));
  });
});

describe('the OS asking to open files', () => {
  function follow(launchFiles: string[] = []) {
    const app = new EventEmitter();
    const openFiles = { open: vi.fn(), start: vi.fn(), windowListening: vi.fn(), settled: vi.fn() };
    const showWindow = vi.fn();
    followOpenRequests(app as unknown as Pick<App, 'on'>, openFiles, { launchFiles, defaultApp: false, showWindow });
    return { app, openFiles, showWindow };
  }

  it("the first launch's files are asked for at once", () => {
    expect(follow(['/x/a.yaml']).openFiles.open).toHaveBeenCalledWith(['/x/a.yaml']);
  });

  it('macOS open-file: handled (preventDefault), the file asked for, the window brought forward', () => {
    const { app, openFiles, showWindow } = follow();
    const preventDefault = vi.fn();
    app.emit('open-file', { preventDefault }, '/Users/ana/contoso.acrcache.yaml');
    expect(preventDefault).toHaveBeenCalled();
    expect(openFiles.open).toHaveBeenLastCalledWith(['/Users/ana/contoso.acrcache.yaml']);
    expect(showWindow).toHaveBeenCalled();
  });

  it("a second launch brings the window forward and asks for that launch's files", () => {
    const { app, openFiles, showWindow } = follow();
    app.emit('second-instance', {}, ['app', 'rel.json'], '/w', { openFiles: ['/x/a.yaml'] });
    app.emit('second-instance', {}, ['app', 'rel.json'], '/w', undefined);
    app.emit('second-instance', {}, ['app'], '/w', { openFiles: [] });
    expect(openFiles.open.mock.calls.slice(1)).toEqual([[['/x/a.yaml']], [['/w/rel.json']], [[]]]);
    expect(showWindow).toHaveBeenCalledTimes(3);
  });
});
