// The rule-set file read with one parse that serves both the reader and lint's positions. For
// YAML input the CLI parses the text itself, hands its data to the reader's own ruleSetFromData,
// and keeps the nodes for problemLocator, instead of parsing a 1,000-rule file twice. Plain block
// YAML (what rule-set files are) is read by block-yaml.ts, whose cold start is a small fraction of
// yaml's; anything it is unsure of goes to yaml's parseDocument with the reader's options. JSON, a
// YAML syntax error, an explicit --input-format json go through readRuleSet itself, so its
// messages and checks stay the one definition (core/rule-set-file.ts).
//
// zod and yaml (about 750 KB of code: 45 ms of a cold start, issue 14) are imported only when the
// reader needs them: core/rule-set-read.ts's fast reader answers for a valid file, or one whose
// problems need no schema wording, and gives up otherwise; then the full reader answers.
import { readRuleSetFast, ruleSetFromDataFast, type ReadResult } from '../../core/rule-set-read.ts';
import { textPrecheck } from '../../core/rule-set-json.ts';
import { readBlockYaml } from './block-yaml.ts';
import type { InputFormat } from './rule-set-input.ts';
import type { PositionSource } from './source-positions.ts';

export type ParsedDocument = PositionSource;

/** ruleSetFromData names data without a stated format 'json'; it came from YAML. */
function fromYamlData(result: ReadResult): ReadResult {
  return result.format === 'json' ? { ...result, format: 'yaml' } : result;
}

/** core/rule-set-file.ts: the reader with zod and yaml. */
const fullReader = () => import('../../core/rule-set-file.ts');

async function readRuleSet(text: string, format: InputFormat): Promise<ReadResult> {
  return readRuleSetFast(text, { format }) ?? (await fullReader()).readRuleSet(text, { format });
}

async function ruleSetFromData(data: unknown): Promise<ReadResult> {
  return fromYamlData(ruleSetFromDataFast(data) ?? (await fullReader()).ruleSetFromData(data));
}

export async function readRuleSetOnce(text: string, format: InputFormat): Promise<{ result: ReadResult; document?: ParsedDocument }> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  const yamlPath = first !== undefined && (format === 'yaml' || (format === 'auto' && first !== '{' && first !== '['));
  if (!yamlPath) return { result: await readRuleSet(text, format) };
  try {
    // text misread from UTF-16 is named by the reader, before either parser sees it
    if (textPrecheck(body) !== undefined) return { result: await readRuleSet(text, format) };
    const block = readBlockYaml(body);
    if (block !== undefined) return { result: await ruleSetFromData(block.data), document: { kind: 'block', block, text: body } };
    const [{ LineCounter, parseYamlStrict }, { yamlSourceNode }] = await Promise.all([import('../../core/rule-set-text.ts'), import('./yaml-positions.ts')]);
    const lineCounter = new LineCounter();
    // the reader's own strict parse (core/rule-set-text.ts: nesting bound, unique keys, merge
    // keys); any problem goes through readRuleSet so its message is the reader's
    const parsed = parseYamlStrict(body, lineCounter);
    if (!parsed.ok) return { result: await readRuleSet(text, format) };
    return { result: await ruleSetFromData(parsed.data), document: { kind: 'yaml', root: yamlSourceNode(parsed.extra.contents), lineStarts: lineCounter.lineStarts } };
  } catch {
    return { result: (await fullReader()).readRuleSet(text, { format }) };
  }
}
