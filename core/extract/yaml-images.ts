// The `image:` fields of one YAML document: Kubernetes objects (any depth: Pod, Deployment,
// CronJob, List…), compose files (with `<<: *anchor` merge keys and `image: *alias`), and
// Helm-style `image: { registry, repository, tag }` maps. Pure: `yaml` is a plain JS parser.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type LineCounter, type YAMLMap } from 'yaml';
import { yamlNestingExcess } from '../yaml-nesting.ts';

export interface YamlImage {
  readonly text: string;
  /** 0-based offset in the document's text. */
  readonly offset: number;
  readonly context?: string;
}

export interface YamlDocumentResult {
  /** `structured` when the document is a map or a sequence of maps; `text` for a scalar or a list of words. */
  readonly shape: 'structured' | 'text' | 'empty';
  readonly images: readonly YamlImage[];
  /** Syntax errors: 0-based offset and first line of the message. */
  readonly errors: readonly { readonly offset: number; readonly message: string }[];
}

interface WalkFrame {
  readonly maps: readonly YAMLMap[];
  readonly path: readonly (string | number)[];
}

/** Deep nesting is refused with a note rather than walked (and a stack overflow risked). */
export const MAX_DEPTH = 200;

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Deeper than this the YAML parser is not run at all (it overflows its stack near 800). */
const PARSER_DEPTH = 500;

export function parseYamlDocument(text: string, lineCounter?: LineCounter): YamlDocumentResult {
  // The parser recurses per level: 10,000 nested brackets took it 0.7 s to end in a stack
  // overflow (at about 800 levels). Text past PARSER_DEPTH is read line by line instead
  // (core/yaml-nesting.ts); below it, the walk's MAX_DEPTH reads the parts above that depth.
  const excess = yamlNestingExcess(text, PARSER_DEPTH);
  if (excess !== undefined) return { shape: 'text', images: [], errors: [{ offset: excess.offset, message: `it nests more than ${PARSER_DEPTH} levels deep` }] };
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { prettyErrors: false, merge: true, uniqueKeys: false, ...(lineCounter === undefined ? {} : { lineCounter }) });
  } catch (error) {
    return { shape: 'text', images: [], errors: [{ offset: 0, message: error instanceof Error ? error.message : String(error) }] };
  }
  const errors = document.errors.map((e) => ({ offset: e.pos[0], message: e.message.split('\n')[0] ?? '' }));
  const contents = document.contents;
  if (contents === null) return { shape: 'empty', images: [], errors };
  const structured = isMap(contents) || (isSeq(contents) && contents.items.some((item) => isMap(item)));
  if (!structured) return { shape: 'text', images: [], errors };

  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);
  const mapGet = (map: YAMLMap, key: string): unknown => {
    for (const item of map.items) if (isPair(item) && scalarString(item.key) === key) return resolve(item.value);
    return undefined;
  };
  const imageFromMap = (map: YAMLMap): string | undefined => {
    const repository = scalarString(mapGet(map, 'repository'));
    if (repository === undefined || repository === '') return undefined;
    const registry = scalarString(mapGet(map, 'registry'));
    const tag = scalarString(mapGet(map, 'tag'));
    const digest = scalarString(mapGet(map, 'digest'));
    let reference = registry ? `${registry.replace(/\/+$/, '')}/${repository}` : repository;
    if (tag) reference += `:${tag}`;
    if (digest) reference += `@${digest}`;
    return reference;
  };
  const describeContext = (frame: WalkFrame, holder: YAMLMap): string | undefined => {
    let object: string | undefined;
    for (let i = frame.maps.length - 1; i >= 0; i--) {
      const map = frame.maps[i] as YAMLMap;
      const kind = scalarString(mapGet(map, 'kind'));
      if (kind === undefined) continue;
      const metadata = mapGet(map, 'metadata');
      const name = isMap(metadata) ? scalarString(mapGet(metadata, 'name')) : undefined;
      object = name === undefined ? kind : `${kind}/${name}`;
      break;
    }
    const containerName = scalarString(mapGet(holder, 'name'));
    if (object !== undefined) return containerName === undefined ? object : `${object} · container ${containerName}`;
    if (frame.path[0] === 'services' && typeof frame.path[1] === 'string') return `service ${frame.path[1]}`;
    const keys = frame.path.filter((p) => typeof p === 'string');
    return keys.length > 0 ? keys.join('.') : undefined;
  };

  const images: YamlImage[] = [];
  const compose = isMap(contents) && mapGet(contents, 'services') !== undefined;
  let tooDeep = false;
  const visit = (raw: unknown, frame: WalkFrame, depth: number, aliased: number): void => {
    if (depth > MAX_DEPTH) {
      tooDeep = true;
      return;
    }
    const node = resolve(raw);
    if (isMap(node)) {
      const maps = [...frame.maps, node];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = scalarString(item.key);
        // compose extension fields (`x-…`) are templates merged into services, not pulls
        if (compose && depth === 0 && key?.startsWith('x-')) continue;
        const value = resolve(item.value);
        if (key === 'image') {
          const text = isMap(value) ? imageFromMap(value) : scalarString(value);
          const where = (item.value as { range?: [number, number, number] } | null)?.range?.[0] ?? (item.key as { range?: [number] } | null)?.range?.[0] ?? 0;
          if (text !== undefined && text.trim() !== '') {
            const context = describeContext({ maps, path: [...frame.path, key] }, node);
            images.push(context === undefined ? { text: text.trim(), offset: where } : { text: text.trim(), offset: where, context });
          }
          continue;
        }
        // an alias may point at an ancestor; following aliases a bounded number of times keeps
        // a self-referencing document finite
        const viaAlias = isAlias(item.value) ? aliased + 1 : aliased;
        if (viaAlias > 16) continue;
        visit(value, { maps, path: key === undefined || key === '<<' ? frame.path : [...frame.path, key] }, depth + 1, viaAlias);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, { maps: frame.maps, path: [...frame.path, index] }, depth + 1, aliased));
    }
  };
  visit(contents, { maps: [], path: [] }, 0, 0);
  if (tooDeep) errors.push({ offset: 0, message: `the document nests deeper than ${MAX_DEPTH} levels; the parts below that were not read` });
  return { shape: 'structured', images, errors };
}
