// Registries_CheckCacheRuleArtifactSyncEstimate, the route arm.ts hands over:
//   POST …/registries/{registryName}/checkCacheRuleArtifactSyncEstimate?api-version=2025-09-01-preview
// body a CacheRule (`cacheRuleParameters`), answer 200 CacheRuleArtifactSyncEstimateResult
// `{ name, totalCount, filteredCount, results: [{ name }] }`, errors as ARM's ErrorResponse; not
// a long-running operation. Source (EX): the acrcache extension's vendored swagger
// (Azure/azure-cli-extensions src/acrcache/…/v2025_09_01_preview/containerregistry.json) and its
// example CheckCacheRuleArtifactSyncEstimate.json (mcr.microsoft.com/azure-cli, `Tags | where
// Name contains 'mariner'` → 6 of 189, the six names listed, in name order).
//
// Emulator-only (guessed, no source): what `name` holds beyond that example (here the source
// path without its host), how many names `results` samples (SAMPLE_SIZE), that platforms and
// the other filters do not change the counts, the KQL this service understands (EmulatedKql
// below: `Tags` and `| where` over `Name` with and/or), and every error answer (codes, statuses
// and texts: an unknown upstream repository, a wildcard source, an unreadable query, an
// api-version without the operation). Upstream tags come from the store a test fills.
import { unsupportedApiVersionMessage } from './arm-service-facts.ts';

export type ArtifactSyncArmOperation = 'registries.checkSyncEstimate';

/** api-versions whose swagger has the operation (EX: only 2025-09-01-preview among those the emulator serves). */
export const SYNC_ESTIMATE_API_VERSIONS: ReadonlySet<string> = new Set(['2025-09-01-preview']);

/** How many tag names an answer lists at most (guessed; the example lists all 6 it found). */
export const SAMPLE_SIZE = 50;

/** The tags each upstream repository has, keyed by its full path (`mcr.microsoft.com/azure-cli`). */
export interface UpstreamTagStore {
  set(sourceRepository: string, tags: readonly string[]): void;
  get(sourceRepository: string): readonly string[] | undefined;
}

export function createUpstreamTagStore(): UpstreamTagStore {
  const tags = new Map<string, string[]>();
  const key = (source: string) => source.toLowerCase().replace(/^(registry-1|index)\.docker\.io\//, 'docker.io/');
  return {
    set: (source, list) => void tags.set(key(source), [...list]),
    get: (source) => tags.get(key(source)),
  };
}

/** Whether `parts` (the URL path's segments, lower-cased) is the estimate action of a registry. */
export function isSyncEstimateRoute(method: string, parts: readonly string[]): boolean {
  return method === 'POST' && parts.length === 9 && parts[8] === 'checkcacheruleartifactsyncestimate';
}

export interface SyncEstimateAnswer {
  status: number;
  body: unknown;
  errorCode?: string;
}

const refuse = (status: number, code: string, message: string): SyncEstimateAnswer => ({ status, body: { error: { code, message } }, errorCode: code });

// ---------- the KQL the emulated service understands ----------

type Condition = { op: string; value: string; negate: boolean; caseSensitive: boolean };
/** Conditions joined by `and` inside, groups joined by `or` (KQL: and binds tighter). */
type EmulatedKql = Condition[][];

/** `Tags`, or `Tags | where Name <op> '<literal>' [and|or …]`, an optional trailing `;`. Null: not understood. */
export function parseEmulatedKql(query: string): EmulatedKql | null {
  let rest = query.trim().replace(/;\s*$/, '').trim();
  if (rest === 'Tags') return [[]];
  const head = /^Tags\s*\|\s*where\s+/i.exec(rest);
  if (!head) return null;
  rest = rest.slice(head[0].length);
  const groups: EmulatedKql = [[]];
  for (;;) {
    const m = /^Name\s*(!?)(startswith|endswith|contains|has)(_cs)?\s*'((?:[^'\\]|\\.)*)'|^Name\s*(==|=~|!=|!~)\s*'((?:[^'\\]|\\.)*)'/i.exec(rest);
    if (!m) return null;
    if (m[2]) {
      groups[groups.length - 1]!.push({ op: m[2].toLowerCase(), value: m[4]!.replace(/\\(.)/g, '$1'), negate: m[1] === '!', caseSensitive: m[3] !== undefined });
    } else {
      // `==` and `!=` compare case-sensitively, `=~` and `!~` ignore case (KQL)
      const op = m[5]!;
      groups[groups.length - 1]!.push({ op: 'equals', value: m[6]!.replace(/\\(.)/g, '$1'), negate: op.startsWith('!'), caseSensitive: op.endsWith('=') });
    }
    rest = rest.slice(m[0].length);
    if (rest.trim() === '') return groups;
    const joint = /^\s+(and|or)\s+/i.exec(rest);
    if (!joint) return null;
    if (joint[1]!.toLowerCase() === 'or') groups.push([]);
    rest = rest.slice(joint[0].length);
  }
}

function holds(c: Condition, tag: string): boolean {
  const [name, value] = c.caseSensitive ? [tag, c.value] : [tag.toLowerCase(), c.value.toLowerCase()];
  let result: boolean;
  switch (c.op) {
    case 'startswith':
      result = name.startsWith(value);
      break;
    case 'endswith':
      result = name.endsWith(value);
      break;
    case 'contains':
      result = name.includes(value);
      break;
    case 'has':
      // whole terms: runs of letters and digits
      result = name.split(/[^a-z0-9]+/i).includes(value);
      break;
    default:
      result = name === value;
  }
  return c.negate ? !result : result;
}

export function selectTags(kql: EmulatedKql, tags: readonly string[]): string[] {
  return tags.filter((tag) => kql.some((group) => group.every((c) => holds(c, tag))));
}

// ---------- the operation ----------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer to one estimate request, `body` being the parsed JSON (or anything else that came). */
export function answerSyncEstimate(store: UpstreamTagStore, apiVersion: string, body: unknown): SyncEstimateAnswer {
  if (!SYNC_ESTIMATE_API_VERSIONS.has(apiVersion)) return refuse(400, 'NoRegisteredProviderFound', unsupportedApiVersionMessage(apiVersion, 'registries/checkCacheRuleArtifactSyncEstimate'));
  const props = isRecord(body) && isRecord(body['properties']) ? body['properties'] : null;
  const source = props && typeof props['sourceRepository'] === 'string' ? props['sourceRepository'] : null;
  if (!source) return refuse(400, 'InvalidRequestContent', 'The request content is not valid: properties.sourceRepository is required.');
  if (source.endsWith('*')) return refuse(400, 'InvalidParameter', `An artifact sync estimate needs one source repository; '${source}' is a wildcard.`);
  const filters = isRecord(props!['artifactSyncFilters']) ? props!['artifactSyncFilters'] : {};
  const tagFilter = isRecord(filters['tags']) ? filters['tags'] : null;
  if (tagFilter && tagFilter['type'] !== undefined && String(tagFilter['type']).toUpperCase() !== 'KQL') return refuse(400, 'InvalidParameter', `Tag filter type '${String(tagFilter['type'])}' is not supported; use 'KQL'.`);
  const query = tagFilter && typeof tagFilter['query'] === 'string' ? tagFilter['query'] : 'Tags';
  const kql = parseEmulatedKql(query);
  if (!kql) return refuse(400, 'InvalidParameter', `The tag filter query could not be processed: ${query}`);
  const tags = store.get(source);
  if (!tags) return refuse(404, 'NotFound', `The upstream repository '${source}' was not found.`);
  const selected = selectTags(kql, [...tags].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  const slash = source.indexOf('/');
  return {
    status: 200,
    body: { name: slash < 0 ? source : source.slice(slash + 1), totalCount: tags.length, filteredCount: selected.length, results: selected.slice(0, SAMPLE_SIZE).map((name) => ({ name })) },
  };
}
