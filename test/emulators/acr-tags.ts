// ACR's tag listing, GET /acr/v1/<name>/_tags (ACR data-plane API; the response shape — registry,
// imageName, tags[] with name, digest, createdTime, lastUpdateTime, signed, changeableAttributes —
// and the `n`/`last` paging with a Link header follow that API). Split out of arm.ts, which serves it.
// Emulator-only assumptions: sorting is by name (the service's default order without `orderby`),
// and the scope checked is `repository:<name>:metadata_read` or `:pull`.

export interface EmulatedTag {
  name: string;
  digest: string;
  createdTime: string;
  lastUpdateTime: string;
}

export type TagsAnswer = { status: number; body: unknown; headers?: Record<string, string> };

/** Whether a token's granted scopes let it read a repository's metadata. */
export function scopeAllowsTags(scopes: readonly string[], repository: string): boolean {
  return scopes.some((s) => {
    const m = /^repository:(.+):([^:]+)$/.exec(s);
    if (!m || m[1] !== repository) return false;
    return m[2]!.split(',').some((a) => a === 'metadata_read' || a === 'pull' || a === '*');
  });
}

/** `rest` is the path after the login server, e.g. `acr/v1/library/nginx/_tags`; null when it is not a tags listing. */
export function tagsRepository(rest: string): string | null {
  const m = /^acr\/v1\/(.+)\/_tags$/.exec(rest);
  return m ? decodeURIComponent(m[1]!) : null;
}

export function answerTags(loginServer: string, repository: string, tags: readonly EmulatedTag[] | undefined, url: URL): TagsAnswer {
  if (!tags) return { status: 404, body: { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: repository } }] } };
  const n = Math.min(Math.max(Number(url.searchParams.get('n') ?? 100) || 100, 1), 1000);
  const last = url.searchParams.get('last');
  const all = [...tags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const from = last ? all.findIndex((t) => t.name > last) : 0;
  const slice = from < 0 ? [] : all.slice(from, from + n);
  const headers: Record<string, string> = {};
  if (from >= 0 && from + n < all.length) {
    headers['link'] = `</acr/v1/${repository}/_tags?last=${encodeURIComponent(slice[slice.length - 1]!.name)}&n=${n}>; rel="next"`;
  }
  return {
    status: 200,
    headers,
    body: {
      registry: loginServer,
      imageName: repository,
      tags: slice.map((t) => ({ ...t, signed: false, changeableAttributes: { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true } })),
    },
  };
}
