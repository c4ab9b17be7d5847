// The rule-set file read with one parse that serves both the reader and lint's positions. For
// YAML input the CLI parses the text itself, hands its data to the reader's own ruleSetFromData,
// and keeps the nodes for problemLocator, instead of parsing a 1,000-rule file twice. Plain block
// YAML (what rule-set files are) is read by block-yaml.ts, whose cold start is a small fraction of
// yaml's; anything it is unsure of goes to yaml's parseDocument with the reader's options. JSON, a
// YAML syntax error, an explicit --input-format json go through readRuleSet itself, so its
// messages and checks stay the one definition (core/rule-set-file.ts).
import { LineCounter } from 'yaml';
import { parseYamlStrict, textPrecheck } from '../../core/rule-set-text.ts';
import { readRuleSet, ruleSetFromData, type ReadResult } from '../../core/rule-set-file.ts';
import { readBlockYaml } from './block-yaml.ts';
import type { InputFormat } from './rule-set-input.ts';
import { yamlSourceNode, type PositionSource } from './source-positions.ts';

export type ParsedDocument = PositionSource;

/** ruleSetFromData names data without a stated format 'json'; it came from YAML. */
function fromYamlData(data: unknown): ReadResult {
  const result = ruleSetFromData(data);
  return result.format === 'json' ? { ...result, format: 'yaml' } : result;
}

export function readRuleSetOnce(text: string, format: InputFormat): { result: ReadResult; document?: ParsedDocument } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const yamlPath = first !== undefined && (format === 'yaml' || (format === 'auto' && first !== '{' && first !== '['));
  if (!yamlPath) return { result: readRuleSet(text, { format }) };
  try {
    // text misread from UTF-16 is named by the reader, before either parser sees it
    if (textPrecheck(body) !== undefined) return { result: readRuleSet(text, { format }) };
    const block = readBlockYaml(body);
    if (block !== undefined) return { result: fromYamlData(block.data), document: { kind: 'block', block, text: body } };
    const lineCounter = new LineCounter();
    // the reader's own strict parse (core/rule-set-text.ts: nesting bound, unique keys, merge
    // keys); any problem goes through readRuleSet so its message is the reader's
    const parsed = parseYamlStrict(body, lineCounter);
    if (!parsed.ok) return { result: readRuleSet(text, { format }) };
    return { result: fromYamlData(parsed.data), document: { kind: 'yaml', root: yamlSourceNode(parsed.extra.contents), lineStarts: lineCounter.lineStarts } };
  } catch {
    return { result: readRuleSet(text, { format }) };
  }
}
