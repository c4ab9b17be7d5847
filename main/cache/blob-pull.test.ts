// ACR answers blob GETs with a redirect to storage; the proxy stand-in serves blobs itself, so the
// redirect path is checked here with two local servers: the token must not follow the redirect.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullBlob } from './blob-pull.ts';

const body = Buffer.from('layer bytes '.repeat(1000));
const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

describe('pulling a layer through the registry', () => {
  let registry: Server;
  let storage: Server;
  let registryUrl = '';
  let storageUrl = '';
  const storageSaw: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    storage = createServer((req, res) => {
      storageSaw.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(req.url?.includes('wrong') ? Buffer.from('other') : body);
    });
    storageUrl = await listen(storage);
    registry = createServer((req, res) => {
      if (req.headers.authorization !== 'Bearer acr-token') return void res.writeHead(401).end();
      res.writeHead(307, { location: `${storageUrl}/blob${req.url?.includes('wrong') ? '-wrong' : ''}?sig=x` }).end();
    });
    registryUrl = await listen(registry);
  });
  afterAll(async () => {
    await new Promise((r) => registry.close(r));
    await new Promise((r) => storage.close(r));
  });

  it('follows the redirect to storage without the registry token, counts the bytes and checks the digest', async () => {
    let seen = 0;
    const bytes = await pullBlob(`${registryUrl}/v2/library/tiny/blobs/${digest}`, 'acr-token', digest, { onBytes: (n) => (seen += n) });
    expect(bytes).toBe(body.length);
    expect(seen).toBe(body.length);
    expect(storageSaw.at(-1)!.authorization).toBeUndefined();
  });

  it('does not count a body whose digest is not the layer', async () => {
    await expect(pullBlob(`${registryUrl}/v2/library/tiny/blobs/wrong`, 'acr-token', digest)).rejects.toThrow(/other content/);
  });

  it('reports the status a refused pull got', async () => {
    await expect(pullBlob(`${registryUrl}/v2/library/tiny/blobs/${digest}`, 'not-the-token', digest)).rejects.toMatchObject({ status: 401 });
  });
});
