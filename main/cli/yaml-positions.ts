// Source positions from yaml's own parse (source-positions.ts's PositionSource): for JSON, YAML
// block-yaml.ts declines, and the ends of collections when comments are about. Apart from
// source-positions.ts so that yaml is imported only when such a text is to be placed.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { SourceNode } from './block-yaml.ts';
import type { PositionSource } from './source-positions.ts';

/** yaml's nodes as SourceNodes (ranges [0] and [1]; a mapping's first value per scalar key). */
export function yamlSourceNode(node: unknown): SourceNode | undefined {
  if (isMap(node)) {
    const entries = new Map<string, SourceNode>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      const value = yamlSourceNode(pair.value);
      if (typeof key === 'string' && value !== undefined && !entries.has(key)) entries.set(key, value);
    }
    return node.range ? { start: node.range[0], end: node.range[1], entries } : undefined;
  }
  if (isSeq(node)) {
    const items = node.items.map((item) => yamlSourceNode(item) ?? { start: -1, end: -1 });
    return node.range ? { start: node.range[0], end: node.range[1], items } : undefined;
  }
  if (isScalar(node)) return node.range ? { start: node.range[0], end: node.range[1], value: node.value } : undefined;
  const range = (node as Node | null)?.range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** A text parsed by yaml for its positions (JSON too: it is YAML's flow style). */
export function yamlPositions(text: string): PositionSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  return { kind: 'yaml', root: yamlSourceNode(doc.contents), lineStarts: lineCounter.lineStarts };
}
