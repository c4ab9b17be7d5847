// The rule-set file read with one YAML parse that serves both the reader and lint's positions.
// For YAML input the CLI parses the document itself (with a LineCounter), hands its data to the
// reader's own ruleSetFromData, and keeps the document for problemLocator, instead of parsing a
// 1,000-rule file twice (the second parse cost about a third of lint's time). Anything else —
// JSON, a YAML syntax error, an explicit --input-format json — goes through readRuleSet itself, so
// its messages and checks stay the one definition (core/rule-set-file.ts).
import { LineCounter, parseDocument, type Document } from 'yaml';
import { readRuleSet, ruleSetFromData, type ReadResult } from '../../core/rule-set-file.ts';
import type { InputFormat } from './rule-set-input.ts';

export interface ParsedDocument {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

export function readRuleSetOnce(text: string, format: InputFormat): { result: ReadResult; document?: ParsedDocument } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const yamlPath = first !== undefined && (format === 'yaml' || (format === 'auto' && first !== '{' && first !== '['));
  if (!yamlPath) return { result: readRuleSet(text, { format }) };
  try {
    const lineCounter = new LineCounter();
    // the reader's own parse options (rule-set-file.ts parseYaml)
    const doc = parseDocument(body, { prettyErrors: true, uniqueKeys: true, lineCounter });
    if (doc.errors.length > 0) return { result: readRuleSet(text, { format }) };
    const result = ruleSetFromData(doc.toJS({ maxAliasCount: 1000 }));
    // ruleSetFromData names data without a stated format 'json'; it came from YAML
    return { result: result.format === 'json' ? { ...result, format: 'yaml' } : result, document: { doc, lineCounter } };
  } catch {
    return { result: readRuleSet(text, { format }) };
  }
}
