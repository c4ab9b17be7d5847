// "Sync this tag now" as the acrcache az extension does it (azext_acrcache/cache.py,
// acr_cache_sync): POST …/registries/{name}/importImage with the source given as a cache rule,
//   { source: { sourceImage: "<upstream path>:<tag>", cacheRuleResourceId: <rule id> },
//     targetTags: ["<target repository>:<tag>"], mode: "Force" }
// Served here from the 2025-09-01-preview spec (ImportImageParameters / ImportSource with
// `cacheRuleResourceId`; 200, or 202 + Location, final-state-via location) and its example
// ImportImageByTag.json; a real 202 answers `null` with a location-scoped
// `…/operationResults/registries-<guid>` Location (Azure/azure-powershell#17348); an import that
// fails does so on the poll ("Long running operation failed with status 'BadRequest'",
// dotnet/docker-tools#1125).
//
// Emulator-only (no spec example or recording says it): the refusal codes and texts below
// (`InvalidParameters` is the code ACR's import answers, Azure/acr#632); that artifact sync must
// be on and the tag inside the rule's tag filter (az's help for `acr cache sync` says so, the
// service's answer is not public); that the upstream is read at the POST (the proxy stand-in keeps
// the manifest at once) and the tag recorded when the operation completes.
import type { EmulatedTag } from './acr-tags.ts';
import type { RegistryHandle } from './arm.ts';
import { EXTENDED_CACHE_RULE_API_VERSIONS } from './arm-service-facts.ts';

export const IMPORT_IMAGE_OPERATION = 'registries.importImage' as const;

export interface ImportImageContext {
  apiVersion: string;
  /** The parsed JSON body (a symbol or undefined when it was not JSON). */
  body: unknown;
  registry: RegistryHandle;
  /** The tags the registry holds for a repository (what /acr/v1/<name>/_tags lists). */
  tagsOf(repository: string): readonly EmulatedTag[] | undefined;
  /** Starts a location-polled operation; its headers go on the 202. */
  startOperation(effects: { complete: () => void; fail: () => void }, failure: { code: string; message: string; status: number } | null): Record<string, string>;
  /** A `failOperation` fault aimed at this request. */
  injectedFailure: { code: string; message: string; status?: number } | null;
}

export interface ImportImageAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  errorCode?: string;
}

const MANIFEST_ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json';

const refuse = (status: number, code: string, message: string): ImportImageAnswer => ({ status, body: { error: { code, message } }, errorCode: code });

/** az's tag-filter forms (`Tags`, `Tags | where Name startswith 'a' and …`); null when the query is another form (the emulator then lets it pass). */
export function tagFilterAllows(query: string, tag: string): boolean | null {
  const text = query.trim().replace(/;$/, '').trim();
  if (text === 'Tags') return true;
  const head = /^Tags\s*\|\s*where\s+/i.exec(text);
  if (!head) return null;
  const conditions = text.slice(head[0].length).split(/\s+and\s+/);
  for (const condition of conditions) {
    const m = /^Name\s*(startswith|endswith|contains|==)\s*'([^']*)'$/.exec(condition.trim());
    if (!m) return null;
    const value = m[2]!;
    // KQL's startswith / endswith / contains ignore case; == does not
    const ok = m[1] === '==' ? tag === value : m[1] === 'startswith' ? tag.toLowerCase().startsWith(value.toLowerCase()) : m[1] === 'endswith' ? tag.toLowerCase().endsWith(value.toLowerCase()) : tag.toLowerCase().includes(value.toLowerCase());
    if (!ok) return false;
  }
  return true;
}

/** The upstream repository path a target repository maps to under a rule, or null when the rule does not cover it. */
function upstreamPathOf(source: string, target: string, repository: string): string | null {
  const sourcePath = source.slice(source.indexOf('/') + 1);
  if (!target.endsWith('*')) return repository === target ? sourcePath : null;
  const targetPrefix = target === '*' ? '' : target.slice(0, -2);
  const sourcePrefix = sourcePath === '*' ? '' : sourcePath.slice(0, -2);
  if (targetPrefix !== '' && !repository.startsWith(`${targetPrefix}/`)) return null;
  const tail = targetPrefix === '' ? repository : repository.slice(targetPrefix.length + 1);
  return sourcePrefix === '' ? tail : `${sourcePrefix}/${tail}`;
}

export async function answerImportImage(ctx: ImportImageContext): Promise<ImportImageAnswer> {
  const body = typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as { source?: Record<string, unknown>; targetTags?: unknown; mode?: unknown }) : null;
  const source = body?.source;
  if (!body || !source || typeof source['sourceImage'] !== 'string') return refuse(400, 'InvalidRequestContent', "The request content is not valid: 'source.sourceImage' is required.");
  const sourceImage = source['sourceImage'];
  const ruleId = source['cacheRuleResourceId'];
  // a version that does not know cacheRuleResourceId reads an import with no source registry at all
  if (typeof ruleId !== 'string' || !EXTENDED_CACHE_RULE_API_VERSIONS.has(ctx.apiVersion)) {
    if (typeof source['resourceId'] === 'string' || typeof source['registryUri'] === 'string') return refuse(400, 'InvalidParameters', 'The emulator serves importImage only from a cache rule (source.cacheRuleResourceId).');
    return refuse(400, 'InvalidParameters', `The import has no source registry: give source.resourceId or source.registryUri${EXTENDED_CACHE_RULE_API_VERSIONS.has(ctx.apiVersion) ? ', or source.cacheRuleResourceId' : ` (api-version ${ctx.apiVersion} has no source.cacheRuleResourceId)`}.`);
  }
  const ruleName = /\/cacheRules\/([^/]+)$/i.exec(ruleId)?.[1];
  const rule = ruleName && ruleId.toLowerCase().startsWith(`${ctx.registry.id.toLowerCase()}/`) ? ctx.registry.rule(ruleName) : undefined;
  if (!rule) return refuse(404, 'ResourceNotFound', `The cache rule '${ruleId}' was not found in registry '${ctx.registry.name}'.`);
  if ((rule.extensions.syncMode ?? '').toLowerCase() !== 'activesync') {
    return refuse(400, 'InvalidParameters', `Artifact sync is not enabled on cache rule '${rule.name}'; a tag can be synced immediately only from a rule with syncMode ActiveSync.`);
  }
  const m = /^(.+):([\w][\w.-]{0,127})$/.exec(sourceImage);
  if (!m) return refuse(400, 'InvalidParameters', `The source image '${sourceImage}' must be '<repository>:<tag>'.`);
  const [, sourceRepository, tag] = m as unknown as [string, string, string];
  const targets = Array.isArray(body.targetTags) ? body.targetTags : [];
  const target = typeof targets[0] === 'string' && targets.length === 1 ? /^(.+):([\w][\w.-]{0,127})$/.exec(targets[0]) : null;
  if (!target || target[2] !== tag) return refuse(400, 'InvalidParameters', `targetTags must be one '<target repository>:${tag}'.`);
  const repository = target[1]!;
  const expectedSource = upstreamPathOf(rule.sourceRepository, rule.targetRepository, repository);
  if (expectedSource === null) return refuse(400, 'InvalidParameters', `The target repository '${repository}' is not served by cache rule '${rule.name}' (target '${rule.targetRepository}').`);
  if (expectedSource !== sourceRepository) return refuse(400, 'InvalidParameters', `Cache rule '${rule.name}' caches '${repository}' from '${expectedSource}', not '${sourceRepository}'.`);
  const filters = rule.extensions.artifactSyncFilters as { tags?: { query?: unknown } } | undefined;
  const query = typeof filters?.tags?.query === 'string' ? filters.tags.query : null;
  if (query !== null && tagFilterAllows(query, tag) === false) return refuse(400, 'InvalidParameters', `The tag '${tag}' is not within the tag filter of cache rule '${rule.name}' (${query}).`);

  const standIn = ctx.registry.pullThrough;
  if (!standIn) throw new Error('ARM emulator: importImage from a cache rule needs registry.pullThrough (the upstream stand-in).');
  const held = ctx.tagsOf(repository) ?? [];
  const upstreamImage = `${rule.sourceRepository.slice(0, rule.sourceRepository.indexOf('/'))}/${sourceRepository}:${tag}`;
  let failure: { code: string; message: string; status: number } | null = ctx.injectedFailure ? { status: 400, ...ctx.injectedFailure } : null;
  let digest = '';
  if (!failure && body.mode === 'NoForce' && held.some((t) => t.name === tag)) {
    // spec: "When NoForce, any existing target tags will fail the operation before any copying begins"
    failure = { status: 409, code: 'Conflict', message: `The target tag '${repository}:${tag}' already exists and the import mode is NoForce.` };
  }
  const upstreamRefusal = failure ? undefined : standIn.takeFailure(repository);
  if (upstreamRefusal) failure = { status: 400, code: 'InvalidParameters', message: `Error fetching ${upstreamImage} from the upstream: ${upstreamRefusal.code} ${upstreamRefusal.message}` };
  if (!failure) {
    const answer = await fetch(new URL(`/v2/${repository}/manifests/${encodeURIComponent(tag)}`, standIn.proxyUrl), { headers: { accept: MANIFEST_ACCEPT } });
    await answer.arrayBuffer();
    if (answer.status === 200) digest = answer.headers.get('docker-content-digest') ?? '';
    else failure = { status: 400, code: 'InvalidParameters', message: `Image '${upstreamImage}' not found upstream (HTTP ${answer.status}).` };
  }
  const headers = ctx.startOperation(
    {
      complete: () => {
        const now = new Date().toISOString();
        const before = ctx.tagsOf(repository) ?? [];
        const created = before.find((t) => t.name === tag)?.createdTime ?? now;
        ctx.registry.setTags(repository, [...before.filter((t) => t.name !== tag), { name: tag, digest, createdTime: created, lastUpdateTime: now }]);
        standIn.served.add(repository);
      },
      fail: () => undefined,
    },
    failure,
  );
  // Azure/azure-powershell#17348: the 202's body is `null`
  return { status: 202, body: null, headers };
}
