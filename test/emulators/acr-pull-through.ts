// A registry's pull-through data plane for the warm-up tests: the ARM emulator's token server
// in front of a real Debian `docker-registry` in proxy mode (`proxy: remoteurl:`), which stands
// in for ACR's cache (it fetches from its upstream on the first pull and keeps what it fetched).
//
// Served under the emulated login server (arm.ts hands these paths here):
// - `GET|HEAD /v2/<name>/manifests/<ref>` and `GET /v2/<name>/blobs/<digest>`: forwarded to the
//   proxy once the bearer token grants `repository:<name>:pull`; otherwise 401 with ACR's challenge.
// - `GET /acr/v1/<name>/_tags/<tag>` and `/acr/v1/<name>/_manifests/<digest>` (ACR's metadata API,
//   `metadata_read`): answered from what the proxy has stored on disk, so "already cached" means
//   what it means in ACR — the registry holds it without asking the upstream.
// Emulator-only assumptions (no recording): that ACR passes an upstream refusal on as a
// distribution error (`failUpstream` injects one, e.g. Docker Hub's TOOMANYREQUESTS, because the
// distribution proxy turns every upstream error into MANIFEST_UNKNOWN), and the metadata shapes
// beyond `tag.name/digest/lastUpdateTime`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

export interface PullThroughStandIn {
  /** The proxy-mode docker-registry, e.g. `http://127.0.0.1:5000`. */
  readonly proxyUrl: string;
  /** Its storage root (`storage.filesystem.rootdirectory`). */
  readonly storageDir: string;
  /** The next manifest request for `repository` answers this instead (an upstream error ACR passes on). */
  failUpstream(repository: string, answer: { status: number; code: string; message: string }): void;
  /** Repositories whose manifest was fetched through the stand-in (ACR then lists them). */
  readonly served: Set<string>;
}

export function createPullThroughStandIn(proxyUrl: string, storageDir: string): PullThroughStandIn & { takeFailure(repository: string): { status: number; code: string; message: string } | undefined } {
  const failures = new Map<string, { status: number; code: string; message: string }>();
  return {
    proxyUrl,
    storageDir,
    served: new Set(),
    failUpstream: (repository, answer) => void failures.set(repository, answer),
    takeFailure(repository) {
      const hit = failures.get(repository);
      failures.delete(repository);
      return hit;
    },
  };
}

export type PullThroughRoute =
  | { kind: 'manifest' | 'blob'; repository: string; reference: string }
  | { kind: 'tag-metadata' | 'manifest-metadata'; repository: string; reference: string };

/** `rest` is the path after the login server; null when it is none of the pull-through routes. */
export function pullThroughRoute(rest: string): PullThroughRoute | null {
  let m = /^v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(rest);
  if (m) return { kind: m[2] === 'manifests' ? 'manifest' : 'blob', repository: m[1]!, reference: decodeURIComponent(m[3]!) };
  m = /^acr\/v1\/(.+)\/(_tags|_manifests)\/([^/]+)$/.exec(rest);
  if (m) return { kind: m[2] === '_tags' ? 'tag-metadata' : 'manifest-metadata', repository: m[1]!, reference: decodeURIComponent(m[3]!) };
  return null;
}

function grants(scopes: readonly string[], repository: string, action: 'pull' | 'metadata_read'): boolean {
  return scopes.some((s) => {
    const m = /^repository:(.+):([^:]+)$/.exec(s);
    return !!m && m[1] === repository && m[2]!.split(',').some((a) => a === action || a === '*' || (action === 'metadata_read' && a === 'pull'));
  });
}

function distributionError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): number {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ errors: [{ code, message, detail: null }] }));
  return status;
}

/** Answers one pull-through request; returns the status sent (for the emulator's request log). */
export async function answerPullThrough(
  standIn: ReturnType<typeof createPullThroughStandIn>,
  route: PullThroughRoute,
  req: IncomingMessage,
  res: ServerResponse,
  loginServer: string,
  scopes: readonly string[] | null,
): Promise<number> {
  const { repository, reference } = route;
  const metadata = route.kind === 'tag-metadata' || route.kind === 'manifest-metadata';
  const challenge = { 'www-authenticate': `Bearer realm="https://${loginServer}/oauth2/token",service="${loginServer}",scope="repository:${repository}:${metadata ? 'metadata_read' : 'pull'}"` };
  if (scopes === null || !grants(scopes, repository, metadata ? 'metadata_read' : 'pull')) {
    return distributionError(res, 401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.', challenge);
  }
  if (metadata) return answerMetadata(standIn, route, res, loginServer);
  if (route.kind === 'manifest') {
    const failure = standIn.takeFailure(repository);
    if (failure) return distributionError(res, failure.status, failure.code, failure.message);
  }
  return new Promise<number>((resolve) => {
    const target = new URL(`/v2/${repository}/${route.kind === 'manifest' ? 'manifests' : 'blobs'}/${encodeURIComponent(reference)}`, standIn.proxyUrl);
    const upstream = httpRequest(target, { method: req.method, headers: { accept: req.headers.accept ?? '*/*' } }, (answer) => {
      if (route.kind === 'manifest' && answer.statusCode === 200) standIn.served.add(repository);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'content-length', 'docker-content-digest', 'location']) {
        const value = answer.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
      answer.once('end', () => resolve(answer.statusCode ?? 502));
    });
    upstream.once('error', (error) => resolve(distributionError(res, 502, 'UNKNOWN', `the pull-through stand-in failed: ${error.message}`)));
    upstream.end();
  });
}

function repositoryDir(standIn: PullThroughStandIn, repository: string): string {
  return join(standIn.storageDir, 'docker/registry/v2/repositories', repository);
}

function answerMetadata(standIn: PullThroughStandIn, route: PullThroughRoute, res: ServerResponse, loginServer: string): number {
  const dir = repositoryDir(standIn, route.repository);
  if (!existsSync(dir)) return distributionError(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
  const link =
    route.kind === 'tag-metadata'
      ? join(dir, '_manifests/tags', route.reference, 'current/link')
      : /^sha256:[a-f0-9]{64}$/.test(route.reference)
        ? join(dir, '_manifests/revisions/sha256', route.reference.slice(7), 'link')
        : '';
  if (!link || !existsSync(link)) return distributionError(res, 404, route.kind === 'tag-metadata' ? 'TAG_UNKNOWN' : 'MANIFEST_UNKNOWN', `${route.reference} is not in the registry`);
  const digest = readFileSync(link, 'utf8').trim();
  const when = statSync(link).mtime.toISOString();
  const body =
    route.kind === 'tag-metadata'
      ? { registry: loginServer, imageName: route.repository, tag: { name: route.reference, digest, createdTime: when, lastUpdateTime: when, signed: false } }
      : { registry: loginServer, imageName: route.repository, manifest: { digest, createdTime: when, lastUpdateTime: when, tags: [] } };
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  return 200;
}
