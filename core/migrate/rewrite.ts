// Rewrite manifests to pull through the cache: each upstream reference that a rule's source
// covers becomes the reference inside the registry whose pull fetches it (reverse resolution,
// Resolver.throughCache). Everything else in the file stays byte for byte: the new text is
// spliced in at the source range the YAML parser (or the Dockerfile line) gives for the value,
// with its quoting kept, so comments, order, anchors and layout survive untouched.
//
// Read: Kubernetes manifests and CRDs (any `image:` string, multi-document files), compose
// files (`image:`), Helm values image blocks (`repository` with `registry`/`tag`/`digest`
// beside it), Dockerfiles (`FROM`, and the `ARG` default a `FROM ${BASE}` uses).

import { isMap, isScalar, isAlias, isPair, parseAllDocuments, visit, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import { DOCKER_HUB, parseReference, type ImageReference } from '../reference.ts';
import type { Resolver } from '../resolve.ts';

export type ManifestKind = 'yaml' | 'dockerfile';

export interface RewriteChange {
  /** 1-based line and column of the value that changed. */
  readonly line: number;
  readonly column: number;
  readonly from: string;
  readonly to: string;
  /** The cache rule that serves the new reference. */
  readonly rule: string;
}

export type SkipReason = 'not-covered' | 'already-cached' | 'unresolved' | 'invalid' | 'unreadable';

export interface RewriteSkip {
  readonly line: number;
  readonly column: number;
  readonly reference: string;
  readonly reason: SkipReason;
  readonly message: string;
}

export interface RewriteResult {
  readonly kind: ManifestKind;
  /** The file with every covered reference replaced; equal to the input when nothing changed. */
  readonly content: string;
  readonly changes: readonly RewriteChange[];
  readonly skipped: readonly RewriteSkip[];
  /** Upstream references no rule covers (normalised, e.g. `docker.io/library/nginx:1.27`). */
  readonly uncovered: readonly ImageReference[];
}

export interface RewriteOptions {
  /** The registry's login server, e.g. `contoso.azurecr.io`. */
  readonly registry: string;
  readonly resolver: Resolver;
}

/** Dockerfiles by name (`Dockerfile`, `app.Dockerfile`, `Dockerfile.prod`, `Containerfile`); the rest is YAML. */
export function manifestKind(fileName: string): ManifestKind {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /(^|\.)(docker|container)file($|\.)/i.test(base) ? 'dockerfile' : 'yaml';
}

/** A span of the input to replace, and what a reference there became. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The verdict on one reference as written: its replacement, or why there is none. */
type Decision =
  | { readonly ok: true; readonly to: string; readonly rule: string; readonly repository: string }
  | { readonly ok: false; readonly reason: SkipReason; readonly message: string; readonly uncovered?: ImageReference };

function decide(written: string, options: RewriteOptions): Decision {
  if (/\$\{?[A-Za-z_]|\{\{/.test(written)) {
    return { ok: false, reason: 'unresolved', message: `'${written}' uses a variable or template; render it first, then rewrite` };
  }
  const parsed = parseReference(written);
  if (!parsed.ok) return { ok: false, reason: 'invalid', message: parsed.error };
  const reference = parsed.reference;
  const registry = options.registry.toLowerCase();
  if (reference.domain === registry) {
    return { ok: false, reason: 'already-cached', message: `'${written}' already pulls from ${registry}` };
  }
  const cached = options.resolver.throughCache(reference, registry);
  if (cached === null) {
    const host = reference.domain ?? DOCKER_HUB;
    return {
      ok: false,
      reason: 'not-covered',
      message: `no rule's source covers ${host}/${reference.path}; add a rule for it (acr-cache propose) to pull it through the cache`,
      uncovered: reference,
    };
  }
  // Keep the version as written: no `:latest` added, a tag beside a digest kept.
  const version = (reference.tag === undefined ? '' : `:${reference.tag}`) + (reference.digest === undefined ? '' : `@${reference.digest}`);
  return { ok: true, to: `${registry}/${cached.repository}${version}`, rule: cached.rule.name, repository: cached.repository };
}

/** The replacement text for a YAML scalar, in the scalar's own quoting. */
function scalarText(node: Scalar, value: string): string | null {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
      return JSON.stringify(value);
    case Scalar.QUOTE_SINGLE:
      return `'${value.replace(/'/g, "''")}'`;
    case Scalar.PLAIN:
      return value;
    default:
      return null; // block scalars: a reference is never written that way
  }
}

class Collector {
  readonly edits: Edit[] = [];
  readonly changes: RewriteChange[] = [];
  readonly skipped: RewriteSkip[] = [];
  readonly uncovered: ImageReference[] = [];
  readonly #seen = new Set<number>();
  /** Where the text being read starts in the whole input: ranges of a document chunk are relative to it. */
  base = 0;

  constructor(readonly position: (offset: number) => { line: number; col: number }) {}

  /** Whether the span at `start` was handled already (an anchored value reached through aliases). */
  claim(at: number): boolean {
    const start = at + this.base;
    if (this.#seen.has(start)) return false;
    this.#seen.add(start);
    return true;
  }

  skip(at: number, reference: string, decision: Extract<Decision, { ok: false }>): void {
    const { line, col } = this.position(at + this.base);
    this.skipped.push({ line, column: col, reference, reason: decision.reason, message: decision.message });
    if (decision.uncovered !== undefined) this.uncovered.push(decision.uncovered);
  }

  change(start: number, end: number, text: string, from: string, to: string, rule: string): void {
    const { line, col } = this.position(start + this.base);
    this.edits.push({ start: start + this.base, end: end + this.base, text });
    this.changes.push({ line, column: col, from, to, rule });
  }
}

function apply(input: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += input.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + input.slice(at);
}

function stringScalar(node: unknown, doc: Document): Scalar | null {
  const target = isAlias(node) ? node.resolve(doc) : node;
  return isScalar(target) && typeof target.value === 'string' && target.range ? target : null;
}

/** The source text of a scalar value (a Helm `tag: 7.20` is the text `7.20`, not the number 7.2). */
function rawValue(input: string, node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  const [start, end] = node.range!;
  return input.slice(start, end);
}

function rewriteImageScalar(node: Scalar, collector: Collector, options: RewriteOptions): void {
  const [start, end] = node.range!;
  if (!collector.claim(start)) return;
  const written = (node.value as string).trim();
  if (written === '') return;
  const decision = decide(written, options);
  if (!decision.ok) return collector.skip(start, written, decision);
  const text = scalarText(node, decision.to);
  if (text === null) return collector.skip(start, written, { ok: false, reason: 'unreadable', message: 'a block scalar is not rewritten; write the reference on one line' });
  collector.change(start, end, text, written, decision.to, decision.rule);
}

/** A Helm-style image block: `repository` with `registry`, `tag` and `digest` beside it. */
function rewriteHelmBlock(map: YAMLMap, doc: Document, input: string, collector: Collector, options: RewriteOptions): void {
  const repository = stringScalar(map.get('repository', true), doc);
  if (repository === null) return;
  const registryNode = stringScalar(map.get('registry', true), doc);
  const tagNode = map.get('tag', true);
  const digestNode = map.get('digest', true);
  const tag = isScalar(tagNode) && tagNode.value !== null && tagNode.value !== '' ? rawValue(input, tagNode) : undefined;
  const digest = isScalar(digestNode) && typeof digestNode.value === 'string' && digestNode.value !== '' ? digestNode.value : undefined;
  const [start, end] = repository.range!;
  if (!collector.claim(start)) return;
  const name = (registryNode === null ? '' : `${registryNode.value as string}/`) + (repository.value as string);
  const written = name + (tag === undefined ? '' : `:${tag}`) + (digest === undefined ? '' : `@${digest}`);
  const decision = decide(written, options);
  if (!decision.ok) return collector.skip(start, written, decision);
  const registry = options.registry.toLowerCase();
  if (registryNode === null) {
    const to = `${registry}/${decision.repository}`;
    const text = scalarText(repository, to);
    if (text === null) return;
    collector.change(start, end, text, repository.value as string, to, decision.rule);
    return;
  }
  const [rStart, rEnd] = registryNode.range!;
  const registryText = scalarText(registryNode, registry);
  const repositoryText = scalarText(repository, decision.repository);
  if (registryText === null || repositoryText === null) return;
  collector.change(rStart, rEnd, registryText, registryNode.value as string, registry, decision.rule);
  collector.change(start, end, repositoryText, repository.value as string, decision.repository, decision.rule);
}

/** Offsets of the lines of `input`, and a 1-based position for an offset. */
function positions(input: string): (offset: number) => { line: number; col: number } {
  const starts: number[] = [0];
  for (let i = 0; i < input.length; i++) if (input[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, col: offset - starts[low]! + 1 };
  };
}

/**
 * The input cut at its document markers (`---` at the start of a line), so that an unclosed
 * quote in one document cannot swallow the documents after it.
 */
function documentChunks(input: string): { start: number; text: string }[] {
  const chunks: { start: number; text: string }[] = [];
  const marker = /^---(?=\s|$)/gm;
  let start = 0;
  for (let match = marker.exec(input); match !== null; match = marker.exec(input)) {
    if (match.index > start) chunks.push({ start, text: input.slice(start, match.index) });
    start = match.index;
  }
  chunks.push({ start, text: input.slice(start) });
  return chunks;
}

function rewriteYaml(input: string, options: RewriteOptions): RewriteResult {
  const collector = new Collector(positions(input));
  for (const chunk of documentChunks(input)) {
    collector.base = chunk.start;
    for (const doc of parseAllDocuments(chunk.text, { uniqueKeys: false })) {
      if (doc.errors.length > 0) {
        const error = doc.errors[0]!;
        collector.skip(error.pos[0], '', { ok: false, reason: 'unreadable', message: `this YAML document does not parse (${error.message.split('\n')[0]}); it is left as it is` });
        continue;
      }
      visitImages(doc, chunk.text, collector, options);
    }
  }
  return { kind: 'yaml', content: apply(input, collector.edits), changes: collector.changes, skipped: collector.skipped, uncovered: collector.uncovered };
}

function visitImages(doc: Document, input: string, collector: Collector, options: RewriteOptions): void {
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') return;
      const key = pair.key.value;
      const value = pair.value as Node | null;
      if (key === 'image') {
        const scalar = stringScalar(value, doc);
        if (scalar !== null) rewriteImageScalar(scalar, collector, options);
      }
      // `image:`, `initImage:`, `sidecarImage:` … holding a Helm block. A bare `repository`
      // elsewhere (a Git repository in a CI file) is not an image.
      const block = isAlias(value) ? value.resolve(doc) : value;
      if (/image$/i.test(key) && isMap(block) && block.has('repository')) rewriteHelmBlock(block, doc, input, collector, options);
    },
    Map(_, map) {
      if (isMap(map) && map.has('repository') && map.has('registry')) rewriteHelmBlock(map, doc, input, collector, options);
    },
  });
}

const FROM = /^(\s*FROM\s+(?:--\S+\s+)*)(\S+)/i;
const ARG = /^(\s*ARG\s+)([A-Za-z_][A-Za-z0-9_]*)=("?)([^\s"]+)\3/i;
const STAGE = /\s+AS\s+(\S+)\s*$/i;

function rewriteDockerfile(input: string, options: RewriteOptions): RewriteResult {
  const lineStarts: number[] = [0];
  for (let i = 0; i < input.length; i++) if (input[i] === '\n') lineStarts.push(i + 1);
  const collector = new Collector(positions(input));
  const args = new Map<string, { start: number; value: string }>();
  const stages = new Set<string>();
  for (const start of lineStarts) {
    const end = input.indexOf('\n', start);
    const line = input.slice(start, end < 0 ? input.length : end).replace(/\r$/, '');
    const arg = ARG.exec(line);
    if (arg !== null) {
      args.set(arg[2]!, { start: start + arg[1]!.length + arg[2]!.length + 1 + arg[3]!.length, value: arg[4]! });
      continue;
    }
    const from = FROM.exec(line);
    if (from === null) continue;
    const image = from[2]!;
    const stage = STAGE.exec(line);
    if (image.toLowerCase() === 'scratch' || stages.has(image.toLowerCase())) {
      if (stage !== null) stages.add(stage[1]!.toLowerCase());
      continue;
    }
    if (stage !== null) stages.add(stage[1]!.toLowerCase());
    const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(image);
    const at = variable === null ? start + from[1]!.length : args.get(variable[1]!)?.start;
    const written = variable === null ? image : args.get(variable[1]!)?.value;
    if (at === undefined || written === undefined) {
      collector.skip(start + from[1]!.length, image, { ok: false, reason: 'unresolved', message: `'${image}' names a build argument with no default; pass a reference with --build-arg, or give the ARG a default` });
      continue;
    }
    if (!collector.claim(at)) continue;
    const decision = decide(written, options);
    if (!decision.ok) {
      collector.skip(at, written, decision);
      continue;
    }
    collector.change(at, at + written.length, decision.to, written, decision.to, decision.rule);
  }
  return { kind: 'dockerfile', content: apply(input, collector.edits), changes: collector.changes, skipped: collector.skipped, uncovered: collector.uncovered };
}

/** Rewrite one file's references to pull through the cache (see the module comment). */
export function rewriteManifest(fileName: string, input: string, options: RewriteOptions): RewriteResult {
  return manifestKind(fileName) === 'dockerfile' ? rewriteDockerfile(input, options) : rewriteYaml(input, options);
}
