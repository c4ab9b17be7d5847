// Where in the file a lint problem is: the line and column of the offending value, from the YAML
// parser's source ranges (JSON is read by the same parser, JSON being YAML's flow style). The rule
// engine names the rule (or credential set) and the field; this finds that node in the text.
// Only run when there are problems to place, so a clean file is parsed once; and yaml
// (yaml-positions.ts) is loaded only when the text must be parsed here: JSON, or block YAML with
// comments (not for lint's cold start on a plain block-YAML file, issue 14).
import type { Problem } from '../../core/validate.ts';
import { linePos, type BlockYaml, type SourceNode } from './block-yaml.ts';

export interface SourceRange {
  /** 1-based, as editors, SARIF and GitHub annotations count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Where the reader's nodes came from: a yaml document, or block-yaml.ts's reading of `text`. */
export type PositionSource =
  | { readonly kind: 'yaml'; readonly root: SourceNode | undefined; readonly lineStarts: readonly number[] }
  | { readonly kind: 'block'; readonly block: BlockYaml; readonly text: string };

/** Field names of `az acr cache list` output (and the ARM body, under `properties`). */
const AZ_FIELDS: Readonly<Record<string, string>> = {
  source: 'sourceRepository',
  target: 'targetRepository',
  credentialSet: 'credentialSetResourceId',
};
const CREDENTIAL_SET_FIELDS = new Set(['loginServer', 'usernameSecret', 'passwordSecret']);

function byName(seq: SourceNode | undefined): Map<string, SourceNode> {
  const out = new Map<string, SourceNode>();
  for (const item of seq?.items ?? []) {
    const name = item.entries?.get('name')?.value;
    // names compare case-insensitively (ACR does); the first of duplicates is the one to show
    if (typeof name === 'string' && !out.has(name.toLowerCase())) out.set(name.toLowerCase(), item);
  }
  return out;
}

/** Finds the node a problem is about in one tree. */
function problemFinder(root: SourceNode | undefined): (problem: Problem) => SourceNode | undefined {
  let rules: SourceNode | undefined;
  let sets: SourceNode | undefined;
  let az = false;
  if (root?.items !== undefined) {
    rules = root;
    az = true;
  } else if (root?.entries !== undefined) {
    const listed = root.entries.get('rules');
    const value = root.entries.get('value');
    if (listed?.items !== undefined) rules = listed;
    else if (value?.items !== undefined) {
      rules = value;
      az = true;
    }
    const credentialSets = root.entries.get('credentialSets');
    if (credentialSets?.items !== undefined) sets = credentialSets;
  }
  const ruleItems = byName(rules);
  const setItems = byName(sets);

  function field(item: SourceNode, name: string, isRule: boolean): SourceNode | undefined {
    const key = az && isRule ? (AZ_FIELDS[name] ?? name) : name;
    return item.entries?.get(key) ?? item.entries?.get('properties')?.entries?.get(key);
  }

  return (problem) => {
    if (problem.field === 'rules') return rules;
    const name = problem.rule.toLowerCase();
    const inSet = problem.field !== undefined && CREDENTIAL_SET_FIELDS.has(problem.field);
    const rule = inSet ? undefined : ruleItems.get(name);
    const item = rule ?? setItems.get(name);
    if (item === undefined) return undefined;
    return (problem.field === undefined ? undefined : field(item, problem.field, rule !== undefined)) ?? item;
  };
}

const isCollection = (node: SourceNode): boolean => node.items !== undefined || node.entries !== undefined;

function rangeOf(node: SourceNode, lineStarts: readonly number[]): SourceRange | undefined {
  if (node.start < 0) return undefined;
  const start = linePos(lineStarts, node.start);
  const end = linePos(lineStarts, node.end);
  return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

type Locate = (problem: Problem) => SourceRange | undefined;

/** Problems placed in a yaml parse's nodes. */
function locateInYaml(positions: Extract<PositionSource, { kind: 'yaml' }>): Locate {
  const find = problemFinder(positions.root);
  return (problem) => {
    const node = find(problem);
    return node === undefined ? undefined : rangeOf(node, positions.lineStarts);
  };
}

/** Problems placed in block-yaml.ts's nodes; `parse` is yaml's, given when the text has comments. */
function locateInBlock({ block, text }: Extract<PositionSource, { kind: 'block' }>, parse: ((text: string) => PositionSource) | undefined): Locate {
  const find = problemFinder(block.root);
  // With comments about, a collection's end is yaml's to say (block-yaml.ts); it parses only then.
  let exact: { find: (problem: Problem) => SourceNode | undefined; lineStarts: readonly number[] } | undefined;
  return (problem) => {
    const node = find(problem);
    if (node === undefined) return undefined;
    if (!block.comments || parse === undefined || !isCollection(node)) return rangeOf(node, block.lineStarts);
    if (exact === undefined) {
      const parsed = parse(text);
      exact = { find: problemFinder(parsed.kind === 'yaml' ? parsed.root : undefined), lineStarts: parsed.kind === 'yaml' ? parsed.lineStarts : [] };
    }
    const precise = exact.find(problem);
    return precise === undefined ? undefined : rangeOf(precise, exact.lineStarts);
  };
}

const yamlPositions = async () => (await import('./yaml-positions.ts')).yamlPositions;

/**
 * A function placing each problem: in the reader's document (see read-once.ts), or in `text`
 * parsed here (JSON). Only called when there are problems to place, so a clean file is parsed once.
 */
export async function problemLocator(source: string | PositionSource): Promise<Locate> {
  if (typeof source === 'string') {
    const positions = (await yamlPositions())(source);
    return positions.kind === 'yaml' ? locateInYaml(positions) : locateInBlock(positions, undefined);
  }
  if (source.kind === 'yaml') return locateInYaml(source);
  return locateInBlock(source, source.block.comments ? await yamlPositions() : undefined);
}
