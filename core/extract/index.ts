// What the pull tester and `acr-cache resolve` read: the image references in whatever was
// pasted or given. People paste Kubernetes manifests, compose files, `docker pull` lines,
// Dockerfiles and space-separated lists; this recognises all of those and keeps the line each
// reference came from. Whether a reference is valid is not decided here: the resolver says.
//
// A paste is read one YAML document at a time (split at `---` lines, where YAML itself ends a
// document), so one unclosed quote loses only its own document, and a caller can read a huge
// paste in slices (`extractDocuments`) without blocking.

import { LineCounter } from 'yaml';
import { hasVariables, interpolate } from './interpolate.ts';
import { readLines } from './line-references.ts';
import { parseYamlDocument } from './yaml-images.ts';
import { safeMessage } from '../input-text.ts';

export interface ExtractedReference {
  /** The reference, interpolated, without the command, flags, quotes or comment around it. */
  readonly text: string;
  /** 1-based line of the input it was found on. */
  readonly line: number;
  /** Where in a manifest it came from, e.g. `Deployment/web · container app` or `service web`. */
  readonly context?: string;
  /** The reference as written, when interpolation changed it (`${REGISTRY:-docker.io}/app`). */
  readonly written?: string;
  /** Variables with no value and no default: the reference cannot be known until they are set. */
  readonly unresolved?: readonly string[];
}

export interface Extraction {
  /** `manifest` when `image:` fields were read from YAML; `lines` when read line by line. */
  readonly format: 'manifest' | 'lines';
  readonly references: readonly ExtractedReference[];
  /** Things the user should know about the input, e.g. a YAML syntax error and its line. */
  readonly notes: readonly string[];
}

/** One YAML document of the input: its text and the 0-based line it starts on. */
export interface InputDocument {
  readonly text: string;
  readonly firstLine: number;
}

const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:\s|$)/;
const HELM_TEMPLATE = /\{\{.*\}\}/;

/** The input cut at `---` and `...` lines (the marker line belongs to the document it opens). */
export function splitDocuments(input: string): InputDocument[] {
  const lines = input.split(/\r?\n/);
  const documents: InputDocument[] = [];
  let start = 0;
  for (let i = 0; i < lines.length; i++) {
    if (i > start && DOCUMENT_MARKER.test(lines[i] as string)) {
      documents.push({ text: lines.slice(start, i).join('\n'), firstLine: start });
      start = i;
    }
  }
  documents.push({ text: lines.slice(start).join('\n'), firstLine: start });
  return documents;
}

/** What one document yields; notes name the input's line numbers. */
export interface DocumentExtraction {
  readonly references: ExtractedReference[];
  readonly notes: string[];
  readonly fromYaml: boolean;
  readonly proseLines: number;
  readonly helm: boolean;
}

function finish(text: string, line: number, context: string | undefined, variables?: ReadonlyMap<string, string>): ExtractedReference {
  const base: { -readonly [K in keyof ExtractedReference]: ExtractedReference[K] } = { text, line };
  if (context !== undefined) base.context = context;
  if (hasVariables(text)) {
    const { value, unresolved } = interpolate(text, variables);
    base.written = text;
    base.text = value;
    if (unresolved.length > 0) base.unresolved = unresolved;
  }
  return base;
}

export function extractDocument(document: InputDocument): DocumentExtraction {
  const out: { -readonly [K in keyof DocumentExtraction]: DocumentExtraction[K] } = { references: [], notes: [], fromYaml: false, proseLines: 0, helm: false };
  if (document.text.trim() === '' || /^(?:---|\.\.\.)\s*$/.test(document.text.trim())) return out;
  const lines = document.text.split('\n');
  const helm = HELM_TEMPLATE.test(document.text);
  out.helm = helm;
  const lineCounter = new LineCounter();
  const yaml = parseYamlDocument(document.text, lineCounter);
  const lineOf = (offset: number) => document.firstLine + lineCounter.linePos(offset).line;
  if (yaml.shape === 'structured' && yaml.errors.length === 0) {
    out.fromYaml = true;
    for (const image of yaml.images) {
      if (helm && HELM_TEMPLATE.test(image.text)) continue;
      out.references.push(finish(image.text, lineOf(image.offset), image.context));
    }
    return out;
  }
  if (yaml.errors.length > 0 && (yaml.shape === 'structured' || lines.some((l) => /^\s*-?\s*image:/.test(l)) || helm)) {
    // A broken manifest (or an unrendered template): only its `image:` lines are trusted.
    if (!helm) {
      const first = yaml.errors[0] as { offset: number; message: string };
      out.notes.push(`YAML error on line ${lineOf(first.offset)}: ${first.message}; the document from line ${document.firstLine + 1} was read line by line`);
    }
    const reading = readLines(lines, true);
    for (const r of reading.references) {
      if (helm && HELM_TEMPLATE.test(r.text)) continue;
      out.references.push(finish(r.text, document.firstLine + r.line + 1, undefined));
    }
    return out;
  }
  const reading = readLines(lines);
  out.proseLines = reading.proseLines;
  for (const r of reading.references) out.references.push(finish(r.text, document.firstLine + r.line + 1, undefined, r.variables));
  return out;
}

/** Joins the per-document results, with one note per kind of thing skipped. */
export function combineExtractions(parts: readonly DocumentExtraction[]): Extraction {
  const references: ExtractedReference[] = [];
  const notes: string[] = [];
  let fromYaml = false;
  let prose = 0;
  let helm = false;
  for (const part of parts) {
    for (const r of part.references) references.push(r);
    for (const n of part.notes) notes.push(n);
    fromYaml ||= part.fromYaml;
    prose += part.proseLines;
    helm ||= part.helm;
  }
  if (helm) notes.push(`The text is an unrendered Helm template ('{{ … }}'): only image fields without template expressions were read. Render it with 'helm template' and paste the output.`);
  if (prose > 0) notes.push(`${prose} line${prose === 1 ? '' : 's'} of prose ${prose === 1 ? 'was' : 'were'} skipped: no word in ${prose === 1 ? 'it' : 'them'} looks like an image reference.`);
  const unresolved = references.filter((r) => r.unresolved !== undefined).length;
  if (unresolved > 0) notes.push(`${unresolved} reference${unresolved === 1 ? ' uses a variable' : 's use variables'} with no value and no default; set a default ('\${VAR:-value}') to test ${unresolved === 1 ? 'it' : 'them'}.`);
  // notes quote the input (YAML errors): cut and with control characters escaped
  return { format: fromYaml ? 'manifest' : 'lines', references, notes: notes.map((n) => safeMessage(n)) };
}

export function extractReferences(input: string): Extraction {
  if (typeof input !== 'string' || input.trim() === '') return { format: 'lines', references: [], notes: [] };
  return combineExtractions(splitDocuments(input).map(extractDocument));
}
