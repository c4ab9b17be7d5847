// A real OCI registry for tests: Debian's `docker-registry` (CNCF distribution) on a free loopback
// port, with its storage in a temporary folder; optionally behind htpasswd basic auth. Plus a
// minimal client to push a small image over the distribution API.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';
export const hasDockerRegistry = existsSync(DOCKER_REGISTRY_BIN);

/** A test-only bcrypt line (user `probe`, password `probe-pass`), as `htpasswd -Bbn` prints it. */
const HTPASSWD = 'probe:$2y$05$IAP8RUmnNA.gZErAlH03W.mnNDifRj/oKFLuLiaM5Q50w3vdr.A1C\n';

export interface LocalRegistry {
  url: string;
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

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not listen on ${port}: ${log()}`);
}

export async function startLocalRegistry(options: { basicAuth?: boolean } = {}): Promise<LocalRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'acs-registry-'));
  const port = await freePort();
  const auth = options.basicAuth ? `auth:\n  htpasswd: { realm: acs-test, path: ${join(dir, 'htpasswd')} }\n` : '';
  if (options.basicAuth) await writeFile(join(dir, 'htpasswd'), HTPASSWD);
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1
log: { level: warn, accesslog: { disabled: true } }
storage:
  filesystem: { rootdirectory: ${join(dir, 'data')} }
  delete: { enabled: true }
  cache: { blobdescriptor: inmemory }
http: { addr: 127.0.0.1:${port}, secret: test-only-secret }
health: { storagedriver: { enabled: false } }
${auth}`,
  );
  let output = '';
  const child = spawn(DOCKER_REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPort(port, child, () => output.slice(-2000));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function pushBlob(base: string, repo: string, data: Buffer, headers: Record<string, string>): Promise<string> {
  const digest = sha256(data);
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers });
  if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: new Uint8Array(data) });
  if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
  return digest;
}

/** Pushes a one-layer OCI image; returns the manifest digest the registry reports. */
export async function pushTinyImage(base: string, repo: string, tag: string, auth?: { username: string; password: string }): Promise<string> {
  const headers: Record<string, string> = auth ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` } : {};
  const layer = gzipSync(Buffer.from(`hello from ${repo}:${tag}\n`));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const configDigest = await pushBlob(base, repo, config, headers);
  const layerDigest = await pushBlob(base, repo, layer, headers);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
    }),
  );
  const put = await fetch(`${base}/v2/${repo}/manifests/${tag}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: new Uint8Array(manifest) });
  if (put.status !== 201) throw new Error(`manifest: ${put.status} ${await put.text()}`);
  return put.headers.get('docker-content-digest') ?? sha256(manifest);
}
