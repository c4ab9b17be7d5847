// The rule-set file read with one YAML parse that serves both the reader and lint's positions.
// For YAML input the CLI parses the document itself (with a LineCounter), hands its data to the
// reader's own ruleSetFromData, and keeps the document for problemLocator, instead of parsing a
// 1,000-rule file twice (the second parse cost about a third of lint's time). Anything else —
// JSON, a YAML syntax error, an explicit --input-format json — goes through readRuleSet itself, so
// its messages and checks stay the one definition (core/rule-set-file.ts).
import { LineCounter, type Document } from 'yaml';
import { readRuleSet, ruleSetFromData, type ReadResult } from '../../core/rule-set-file.ts';
import { parseYamlStrict, textPrecheck } from '../../core/rule-set-text.ts';
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
    // the reader's own strict parse (core/rule-set-text.ts); any problem goes through readRuleSet
    // so its message is the reader's
    if (textPrecheck(body) !== undefined) return { result: readRuleSet(text, { format }) };
    const parsed = parseYamlStrict(body, lineCounter);
    if (!parsed.ok) return { result: readRuleSet(text, { format }) };
    const result = ruleSetFromData(parsed.data);
    // ruleSetFromData names data without a stated format 'json'; it came from YAML
    return { result: result.format === 'json' ? { ...result, format: 'yaml' } : result, document: { doc: parsed.extra, lineCounter } };
  } catch {
    return { result: readRuleSet(text, { format }) };
  }
}
