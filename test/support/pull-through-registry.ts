// The warm-up tests' stand-in for ACR's cache: Debian's `docker-registry` in proxy mode
// (`proxy: remoteurl:`) in front of another docker-registry that plays the upstream, plus a
// multi-arch index pushed over the distribution API with fetch.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_REGISTRY_BIN, pushTinyImage } from './local-registry.ts';

export interface ProxyRegistry {
  url: string;
  storageDir: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A docker-registry that fetches from `upstream` on the first pull and keeps what it fetched. */
export async function startProxyRegistry(upstream: string): Promise<ProxyRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'acs-proxy-'));
  const port = await freePort();
  const storageDir = join(dir, 'data');
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: ${storageDir} }
  cache: { blobdescriptor: inmemory }
http: { addr: 127.0.0.1:${port}, secret: test-only-secret }
health: { storagedriver: { enabled: false } }
proxy: { remoteurl: ${upstream} }
`,
  );
  let output = '';
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry (proxy) exited: ${output.slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (i > 100) throw new Error(`docker-registry (proxy) did not listen: ${output.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    storageDir,
    async stop() {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Pushes one tiny image per platform and an OCI index over them under `tag`; returns the index digest and the children's. */
export async function pushMultiArch(base: string, repo: string, tag: string, platforms: readonly { os: string; architecture: string; variant?: string }[]): Promise<{ digest: string; children: string[] }> {
  const children: { digest: string; size: number; platform: (typeof platforms)[number] }[] = [];
  for (const platform of platforms) {
    const childTag = `${tag}-${platform.architecture}${platform.variant ?? ''}`;
    const digest = await pushTinyImage(base, repo, childTag);
    const manifest = await fetch(`${base}/v2/${repo}/manifests/${digest}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
    children.push({ digest, size: (await manifest.arrayBuffer()).byteLength, platform });
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: children.map((c) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: c.digest, size: c.size, platform: c.platform })),
    }),
  );
  const put = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' }, body: new Uint8Array(index) });
  if (put.status !== 201) throw new Error(`index: ${put.status} ${await put.text()}`);
  return { digest: put.headers.get('docker-content-digest') ?? `sha256:${createHash('sha256').update(index).digest('hex')}`, children: children.map((c) => c.digest) };
}
