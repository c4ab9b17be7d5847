// The drafts file's content: its schema, and reading it so that one bad draft never hides the
// others. The document as a whole must be `{ version: 1, drafts: [...] }`; each draft is checked
// on its own with the rule-set format's schema (core/rule-set-schema.ts, the schema imports are
// checked with), and a draft that fails is set aside, not dropped, while the rest load.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatSchemaPath, describeSchemaIssue } from '../../core/rule-set-schema.ts';
import { draftIdSchema, registryRefSchema, ruleSetSchema } from '../domain-schemas.ts';
import type { Draft } from '../../preload/api.ts';

const fingerprints = z.record(z.string().max(300), z.string().max(100));

export const draftSchema: z.ZodType<Draft> = z
  .object({
    id: draftIdSchema,
    name: z.string().max(200),
    createdAt: z.string().max(100),
    updatedAt: z.string().max(100),
    ruleSet: ruleSetSchema,
    origin: z
      .object({
        kind: z.enum(['new', 'file', 'registry', 'copy']),
        detail: z.string().max(2000).optional(),
        at: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
    link: z
      .object({
        registry: registryRefSchema,
        loginServer: z.string().max(300),
        importedAt: z.string().max(100),
        baseline: z.object({ rules: fingerprints, credentialSets: fingerprints }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

export interface StoreDocument {
  version: 1;
  drafts: Draft[];
}

export interface SetAsideDraft {
  /** The draft's name as far as it could be read, for the notice. */
  readonly name: string;
  readonly id: string | null;
  /** What is wrong with it, naming the field: `ruleSet.rules[3].name: is 201 characters long…`. */
  readonly reason: string;
  /** The draft as it was in the file, kept whole in the quarantine file. */
  readonly raw: unknown;
}

export type DocumentReading =
  | {
      readonly ok: true;
      readonly document: StoreDocument;
      readonly setAside: readonly SetAsideDraft[];
      /** Set when the text was not strict JSON but could be read anyway (e.g. a trailing comma). */
      readonly leniency: string | null;
    }
  | { readonly ok: false; readonly reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON as people leave it after editing by hand: a BOM is skipped (as the CLI reader does), and
 * text that is not strict JSON is read as YAML, a superset of JSON that allows trailing commas.
 */
function parseText(text: string): { ok: true; data: unknown; leniency: string | null } | { ok: false; reason: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, data: JSON.parse(body), leniency: null };
  } catch (error) {
    const strict = (error as Error).message;
    try {
      const data: unknown = parseYaml(body, { maxAliasCount: 100, uniqueKeys: true });
      if (isRecord(data)) return { ok: true, data, leniency: `it was not strict JSON (${strict}) but could be read` };
    } catch {
      // not YAML either: report the JSON error, the format the file is meant to be in
    }
    return { ok: false, reason: `it is not valid JSON (${strict})` };
  }
}

function problemsOf(raw: unknown): string {
  const parsed = draftSchema.safeParse(raw);
  if (parsed.success) return '';
  const issues = parsed.error.issues;
  const shown = issues.slice(0, 3).map((issue) => `${formatSchemaPath(issue.path) || 'draft'}: ${describeSchemaIssue(issue, raw)}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

/** Reads the drafts file's text: the good drafts, and the bad ones set aside with their reasons. */
export function readStoreDocument(text: string): DocumentReading {
  const parsed = parseText(text);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  if (!isRecord(data) || !Array.isArray(data.drafts)) return { ok: false, reason: 'it does not hold drafts (expected { "version": 1, "drafts": [...] })' };
  if (data.version !== 1) return { ok: false, reason: `it was written by another version of the app (version ${JSON.stringify(data.version)}; this one reads version 1)` };
  const drafts: Draft[] = [];
  const setAside: SetAsideDraft[] = [];
  const ids = new Set<string>();
  data.drafts.forEach((raw: unknown, index) => {
    const name = isRecord(raw) && typeof raw.name === 'string' ? raw.name.slice(0, 200) : `draft ${index + 1}`;
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id.slice(0, 64) : null;
    const reason = problemsOf(raw);
    if (reason !== '') setAside.push({ name, id, reason, raw });
    else if (ids.has((raw as Draft).id)) setAside.push({ name, id, reason: 'another draft in the file has the same id', raw });
    else {
      ids.add((raw as Draft).id);
      drafts.push(draftSchema.parse(raw));
    }
  });
  return { ok: true, document: { version: 1, drafts }, setAside, leniency: parsed.leniency };
}

export function serializeStoreDocument(document: StoreDocument): string {
  return JSON.stringify(document, null, 1);
}
