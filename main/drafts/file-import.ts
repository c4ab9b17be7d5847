// Importing a rule-set file as a draft: reading and decoding the file, naming the draft after it,
// and the words of a refusal. The drafts service (service.ts) owns the store and the draft itself;
// File → Import…, Open Recent and a file the OS opens with the app all come through importFromPath.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { decodeInput } from '../../core/input-text.ts';
import type { RuleSet } from '../../core/model.ts';
import type { Draft, DraftState, ExportFormat, RuleSetFormat } from '../../preload/api.ts';
import type { ManifestPick } from '../../preload/api-migrate.ts';
import { AppError } from '../app-error.ts';

export interface FileDialogs {
  /** Path the user picked, or null when cancelled. */
  openRuleSetFile(): Promise<string | null>;
  saveRuleSetFile(suggestedName: string, format: RuleSetFormat): Promise<string | null>;
  /** Save dialog for an infrastructure-as-code export (az script, Bicep, ARM template, Terraform). */
  saveExportFile(suggestedName: string, format: ExportFormat): Promise<string | null>;
  /** Manifests to rewrite through the cache: files, or one folder (main/migrate/manifest-files.ts). */
  openManifests?(pick: ManifestPick): Promise<string[] | null>;
  /** Save dialog for a CSV export (the cache contents table). */
  saveCsvFile?(suggestedName: string): Promise<string | null>;
}

export interface RuleSetCodec {
  /** Reads any format the CLI reads; errors name the field at fault. */
  parse(text: string, fileName: string): { ok: true; ruleSet: RuleSet } | { ok: false; errors: string[] };
  serialize(ruleSet: RuleSet, format: RuleSetFormat): string;
}

const SHOWN_PROBLEMS = 5;

/** "`what` could not be imported: the first few problems (and N more)." */
export function importRefusal(what: string, problems: readonly string[]): AppError {
  const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
  return new AppError('import-failed', `${what} could not be imported: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}.`);
}

/** The rule set in `text`, or the refusal naming where it came from (`origin.detail`). */
export function parseForImport(codec: RuleSetCodec, text: string, origin: Draft['origin']): RuleSet {
  const result = codec.parse(text, origin?.detail ?? 'pasted text');
  if (!result.ok) throw importRefusal(origin?.detail ?? 'The pasted text', result.errors);
  return result.ruleSet;
}

/** A rule-set file's text; UTF-16 (what PowerShell's `>` writes) is decoded like UTF-8, as the CLI does. */
export async function readRuleSetFile(path: string): Promise<string> {
  try {
    return decodeInput(await readFile(path));
  } catch (error) {
    throw new AppError('import-failed', `${path} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the file exists and you may read it.`);
  }
}

/** A draft's name from its file: `contoso.acrcache.yaml` → `contoso`, `rules.json` → `rules`. */
export function draftNameOfFile(path: string): string {
  const name = basename(path);
  const associated = name.match(/^(.+)\.acrcache\.(ya?ml|json)$/i);
  return associated ? associated[1]! : basename(path, extname(path));
}

export interface PathImportDeps {
  /** Imports a rule set's text as a new draft (the service's importText, in its turn). */
  importText(name: string, text: string, origin: Draft['origin']): Promise<DraftState>;
  /** Told of each file imported (Open Recent, recent-files.ts). */
  onFileUsed?: (path: string, kind: 'imported') => void;
}

/** importPath of the drafts service: a file main chose (the file dialog, Open Recent, a file the OS opened with the app). */
export function importFromPath(deps: PathImportDeps): (path: string) => Promise<DraftState> {
  return async (path) => {
    const text = await readRuleSetFile(path);
    const state = await deps.importText(draftNameOfFile(path), text, { kind: 'file', detail: path });
    deps.onFileUsed?.(path, 'imported');
    return state;
  };
}
