// Rule-set files the OS asks the app to open: double-clicking an associated `.acrcache.yaml`
// (electron-builder.yml `fileAssociations`), `acr-cache-studio rules.yaml` on a command line, a
// second launch with a file while the app runs, a file dropped on the macOS dock. Each becomes a
// draft through the drafts service's importPath, with the checks and the words of File → Import;
// the window is told of each outcome (a draft to open, or a notice naming the path).
//
// No electron import at run time: index.ts hands in `app`, and the unit tests a stand-in.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from 'electron';
import type { DraftState, OpenedFileEvent } from '../../preload/api.ts';

/** What a launch may name to open: the formats the association registers and File → Import reads. */
const OPENABLE = /\.(ya?ml|json)$/i;
/** Switches of ours whose value is the next argument (main/data-dir.ts), not a file to open. */
const SWITCHES_WITH_VALUE = new Set(['--data-dir']);

export interface LaunchArgs {
  /** process.defaultApp: run as `electron <app folder> …` (development), so argv[1] is the app, not a file. */
  defaultApp: boolean;
  /** Where relative paths are from: the launching process's working directory. */
  workingDirectory: string;
}

/**
 * The rule-set files named on a command line, as absolute paths, in order, each once. Skipped:
 * the executable (argv[0]), in development the app folder after it, switches (ours and the ones
 * Electron and Chromium add, e.g. `--original-process-start-time=…`), the value of `--data-dir`,
 * and anything that is not a YAML or JSON file name. A `file://` URL (what a Linux file manager may
 * pass for the .desktop entry's `%U`) is its path.
 */
export function filesInArgv(argv: readonly string[], launch: LaunchArgs): string[] {
  const files: string[] = [];
  let appFolderSkipped = !launch.defaultApp;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) {
      if (SWITCHES_WITH_VALUE.has(arg)) i++;
      continue;
    }
    if (!appFolderSkipped) {
      appFolderSkipped = true;
      continue;
    }
    const named = localPathOf(arg);
    if (named === null || !OPENABLE.test(named)) continue;
    const path = isAbsolute(named) ? named : resolve(launch.workingDirectory, named);
    if (!files.includes(path)) files.push(path);
  }
  return files;
}

/** The path an argument names: itself, or a `file://` URL's path; null for another URL. */
function localPathOf(arg: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return arg;
  try {
    return fileURLToPath(arg);
  } catch {
    return null;
  }
}

/** What a second launch hands the first one (requestSingleInstanceLock's additionalData). */
export interface SecondLaunchData {
  openFiles: string[];
}

/**
 * The files a second launch asks for: its own list when it sent one (Chromium may reorder and add
 * to the argv the first instance sees), else read from that argv. `defaultApp` is the first
 * instance's: a second launch runs the same executable, in development with the app folder too.
 */
export function filesOfSecondLaunch(argv: readonly string[], launch: LaunchArgs, additionalData: unknown): string[] {
  const sent = (additionalData as Partial<SecondLaunchData> | null | undefined)?.openFiles;
  if (Array.isArray(sent) && sent.every((path) => typeof path === 'string' && isAbsolute(path) && OPENABLE.test(path))) return [...new Set(sent)];
  return filesInArgv(argv, launch);
}

export interface OpenFilesTarget {
  /** The drafts service's importPath: reads, checks and stores the file as a new draft. */
  importPath(path: string): Promise<DraftState>;
  /** Sends an outcome to the window (an event main → renderer). Called only while the window listens. */
  deliver(event: OpenedFileEvent): void;
}

export interface OpenFiles {
  /** Asks for files to be opened; before start() they wait, in order. */
  open(paths: readonly string[]): void;
  /** The services are up: files asked for so far are imported now, later ones at once. */
  start(target: OpenFilesTarget): void;
  /** Whether the window has loaded and listens; outcomes wait until it does (a window still loading would miss them). */
  windowListening(listening: boolean): void;
  /** Resolves once every file asked for so far has been imported or refused (tests, quitting). */
  settled(): Promise<void>;
}

export function createOpenFiles(options: { onUnexpected?: (path: string, error: unknown) => void } = {}): OpenFiles {
  let target: OpenFilesTarget | null = null;
  let listening = false;
  const waiting: string[] = [];
  const held: OpenedFileEvent[] = [];
  // one import after the other: the drafts open in the order the files were asked for
  let chain: Promise<void> = Promise.resolve();

  function tell(event: OpenedFileEvent) {
    if (listening && target) target.deliver(event);
    else held.push(event);
  }

  async function importOne(to: OpenFilesTarget, path: string): Promise<OpenedFileEvent> {
    try {
      const { draft } = await to.importPath(path);
      return { ok: true, path, draftId: draft.id, draftName: draft.name, ruleCount: draft.ruleSet.rules.length };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // the service's refusals name the path already (AppError); anything else is a fault to log
      if (!(error instanceof Error && error.name === 'AppError')) options.onUnexpected?.(path, error);
      return { ok: false, path, message: message.includes(path) ? message : `${path} could not be opened: ${message}` };
    }
  }

  function importAll(paths: readonly string[]) {
    const to = target!;
    for (const path of paths) chain = chain.then(async () => tell(await importOne(to, path)));
  }

  return {
    open(paths) {
      if (target) importAll(paths);
      else waiting.push(...paths);
    },
    start(to) {
      target = to;
      importAll(waiting.splice(0));
    },
    windowListening(now) {
      listening = now;
      if (now && target) for (const event of held.splice(0)) target.deliver(event);
    },
    settled: () => chain,
  };
}

/**
 * Listens for the OS's requests to open files: macOS `open-file` (from before `ready`: it is how
 * a double-click that starts the app arrives there) and a second launch (`second-instance`, which
 * also brings the window forward). The first launch's own files go in at once.
 */
export function followOpenRequests(
  app: Pick<App, 'on'>,
  openFiles: OpenFiles,
  options: { launchFiles: readonly string[]; defaultApp: boolean; showWindow: () => void },
): void {
  app.on('open-file', (event, path) => {
    // without preventDefault macOS treats the file as not opened (and may say so)
    event.preventDefault();
    openFiles.open([path]);
    options.showWindow();
  });
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    options.showWindow();
    openFiles.open(filesOfSecondLaunch(argv, { defaultApp: options.defaultApp, workingDirectory }, additionalData));
  });
  openFiles.open(options.launchFiles);
}
