// Dropping rule-set files on the window imports each one as a draft, as "Import file…" does.
// The files are read here (File.text(): the sandboxed renderer gets the bytes, never a path)
// and handed to main's importText, which checks them with the same schema as every import.

/** What importText accepts (main/handlers/drafts.ts): a rule set's text, at most this long. */
export const MAX_DROPPED_CHARS = 20_000_000;
const RULE_SET_FILE = /\.(ya?ml|json)$/i;
const ASSOCIATED_FILE = /\.acrcache\.(ya?ml|json)$/i;

export interface DroppedRuleSet {
  /** The draft's name: the file's name without its extension. */
  readonly name: string;
  readonly text: string;
  /** Where the file is on disk, when the preload knows (for Open Recent; main checks it against the text). */
  readonly path?: string;
}

export interface DropOutcome {
  readonly accepted: readonly DroppedRuleSet[];
  /** Files that were not imported, each with why, for one notice. */
  readonly refused: readonly string[];
}

/** Whether a drag carries files at all (so the window shows the drop target only then). */
export function carriesFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files');
}

export async function readDroppedRuleSets(files: readonly File[], pathOf: (file: File) => string | null = () => null): Promise<DropOutcome> {
  const accepted: DroppedRuleSet[] = [];
  const refused: string[] = [];
  for (const file of files) {
    if (!RULE_SET_FILE.test(file.name)) {
      refused.push(`'${file.name}' is not a rule set: drop a YAML or JSON file (the app's format or 'az acr cache list -o json' output).`);
      continue;
    }
    // a UTF-16 text is up to 2 bytes a character: the byte size bounds it before reading
    if (file.size > MAX_DROPPED_CHARS * 2) {
      refused.push(`'${file.name}' is ${(file.size / 1e6).toFixed(0)} MB; a rule set of ACR's 1,000 rules is well under 1 MB.`);
      continue;
    }
    const text = await file.text();
    if (text.length > MAX_DROPPED_CHARS) {
      refused.push(`'${file.name}' has ${text.length.toLocaleString('en-US')} characters; at most ${MAX_DROPPED_CHARS.toLocaleString('en-US')} can be imported.`);
      continue;
    }
    const path = pathOf(file);
    // contoso.acrcache.yaml → contoso, as File → Import… names it (main's draftNameOfFile)
    const name = file.name.replace(ASSOCIATED_FILE.test(file.name) ? ASSOCIATED_FILE : RULE_SET_FILE, '') || file.name;
    accepted.push({ name, text, ...(path ? { path } : {}) });
  }
  return { accepted, refused };
}
