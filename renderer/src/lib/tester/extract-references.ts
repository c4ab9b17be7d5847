// What the pull tester reads: the image references in whatever the user pasted. People paste
// Kubernetes manifests, docker-compose files, `docker pull` lines, Dockerfiles and the
// space-separated output of `kubectl get pods -o jsonpath=…`, so this recognises all of those and
// keeps the line each reference came from, to point back at it. Whether a reference is valid is
// not decided here: core's parser judges each one and says why.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';

export interface ExtractedReference {
  /** The reference as written, without the command, flags, quotes or comment around it. */
  readonly text: string;
  /** 1-based line of the input it was found on. */
  readonly line: number;
  /** Where in a manifest it came from, e.g. `Deployment/web · container app` or `service web`. */
  readonly context?: string;
}

export interface Extraction {
  /** `manifest` when `image:` fields were read from YAML; `lines` when read line by line. */
  readonly format: 'manifest' | 'lines';
  readonly references: readonly ExtractedReference[];
  /** Things the user should know about the input, e.g. a YAML syntax error and its line. */
  readonly notes: readonly string[];
}

export function extractReferences(input: string): Extraction {
  if (input.trim() === '') return { format: 'lines', references: [], notes: [] };
  const manifest = fromYaml(input);
  if (manifest.references.length > 0) return manifest;
  const lines = fromLines(input);
  // A broken manifest whose `image:` lines the line reader still found: say why it fell back.
  return manifest.notes.length > 0 && lines.references.length > 0 ? { ...lines, notes: manifest.notes } : lines;
}

// ---------------------------------------------------------------------------------------------
// YAML: Kubernetes objects (any depth: Pod, Deployment, CronJob, List…), compose files, and
// Helm-style `image: { registry, repository, tag }` maps.

interface WalkFrame {
  /** The maps from the document root down to here, innermost last. */
  readonly maps: readonly YAMLMap[];
  /** The keys and indices from the document root. */
  readonly path: readonly (string | number)[];
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  // `image: 5` is nonsense, but echo it so the parser can say so instead of dropping it silently
  if (typeof value === 'number') return String(value);
  return undefined;
}

function mapGet(map: YAMLMap, key: string): unknown {
  for (const item of map.items) {
    if (isPair(item) && scalarString(item.key) === key) return item.value;
  }
  return undefined;
}

/** `registry/repository:tag` from a Helm-style image map, when it has at least a repository. */
function imageFromMap(map: YAMLMap): string | undefined {
  const repository = scalarString(mapGet(map, 'repository'));
  if (repository === undefined || repository === '') return undefined;
  const registry = scalarString(mapGet(map, 'registry'));
  const tag = scalarString(mapGet(map, 'tag'));
  const digest = scalarString(mapGet(map, 'digest'));
  let reference = registry ? `${registry.replace(/\/+$/, '')}/${repository}` : repository;
  if (tag) reference += `:${tag}`;
  if (digest) reference += `@${digest}`;
  return reference;
}

function describeContext(frame: WalkFrame, holder: YAMLMap): string | undefined {
  // Kubernetes: the nearest enclosing object with a kind and a name, plus the container's name.
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
  // compose: services.<name>.image
  if (frame.path[0] === 'services' && typeof frame.path[1] === 'string') return `service ${frame.path[1]}`;
  const keys = frame.path.filter((p) => typeof p === 'string');
  return keys.length > 0 ? keys.join('.') : undefined;
}

function fromYaml(input: string): Extraction {
  const lineCounter = new LineCounter();
  const notes: string[] = [];
  const references: ExtractedReference[] = [];
  let documents;
  try {
    documents = parseAllDocuments(input, { lineCounter, prettyErrors: false });
  } catch {
    return { format: 'manifest', references: [], notes: [] };
  }
  if (!Array.isArray(documents)) return { format: 'manifest', references: [], notes: [] };
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;

  const visit = (node: unknown, frame: WalkFrame): void => {
    if (isMap(node)) {
      const inner: WalkFrame = { maps: [...frame.maps, node], path: frame.path };
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = scalarString(item.key);
        const value = item.value;
        if (key === 'image') {
          const text = isMap(value) ? imageFromMap(value) : scalarString(value);
          const where = (value as YamlNode | null)?.range?.[0] ?? (item.key as YamlNode | null)?.range?.[0] ?? 0;
          if (text !== undefined && text.trim() !== '') {
            const context = describeContext({ maps: inner.maps, path: [...frame.path, key] }, node);
            references.push(context === undefined ? { text: text.trim(), line: lineOf(where) } : { text: text.trim(), line: lineOf(where), context });
          }
          continue;
        }
        visit(value, { maps: inner.maps, path: key === undefined ? frame.path : [...frame.path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, { maps: frame.maps, path: [...frame.path, index] }));
    }
  };

  for (const document of documents) {
    for (const error of document.errors) {
      const line = error.linePos?.[0]?.line ?? lineOf(error.pos[0]);
      notes.push(`YAML error on line ${line}: ${error.message.split('\n')[0]}`);
    }
    visit(document.contents, { maps: [], path: [] });
  }
  return { format: 'manifest', references, notes };
}

// ---------------------------------------------------------------------------------------------
// Line by line: plain references, `docker pull …`, Dockerfile `FROM`, `image: …` lines of a
// manifest the YAML parser could not read, and space-separated lists.

const PULL_COMMAND = /^(?:sudo\s+)?(?:docker|podman|nerdctl|crictl)\s+(?:image\s+)?pull\s+/i;
/** Flags of `docker pull` that take a value as the next word. */
const FLAGS_WITH_VALUE = new Set(['--platform']);
const FROM_INSTRUCTION = /^FROM\s+/i;
const IMAGE_FIELD = /^-?\s*image:\s*(.*)$/;

function unquote(word: string): string {
  return word.replace(/^[[("'`]+|[\])"'`,;]+$/g, '');
}

/** The reference after `docker pull` and its flags. */
function afterPullFlags(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-')) return word;
    if (FLAGS_WITH_VALUE.has(word)) i++;
  }
  return undefined;
}

function fromLines(input: string): Extraction {
  const references: ExtractedReference[] = [];
  const stages = new Set<string>();
  const lines = input.split(/\r?\n/);
  // In a Dockerfile only FROM lines name images; RUN, COPY and the rest are commands.
  const dockerfile = lines.some((raw) => FROM_INSTRUCTION.test(raw.trim()));
  lines.forEach((raw, index) => {
    const line = index + 1;
    const hash = raw.indexOf('#');
    // `#` cannot occur in a reference, so it always starts a comment
    // a leading `- ` is a YAML or Markdown list marker
    const text = (hash >= 0 ? raw.slice(0, hash) : raw).trim().replace(/^-\s+/, '');
    if (text === '') return;
    const push = (word: string | undefined) => {
      const reference = word === undefined ? '' : unquote(word);
      if (reference !== '') references.push({ text: reference, line });
    };

    if (PULL_COMMAND.test(text)) {
      push(afterPullFlags(text.replace(PULL_COMMAND, '').split(/\s+/)));
      return;
    }
    if (FROM_INSTRUCTION.test(text)) {
      const words = text.replace(FROM_INSTRUCTION, '').split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = words[0];
      if (words.length >= 3 && words[1]?.toLowerCase() === 'as') stages.add((words[2] as string).toLowerCase());
      // `FROM scratch` and `FROM <earlier stage>` pull nothing
      if (image !== undefined && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) push(image);
      return;
    }
    if (dockerfile) return;
    const field = IMAGE_FIELD.exec(text);
    if (field) {
      push(field[1]?.trim());
      return;
    }
    for (const word of text.split(/[\s,]+/)) push(word);
  });
  return { format: 'lines', references, notes: [] };
}
