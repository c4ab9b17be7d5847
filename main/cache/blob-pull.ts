// Pulls one blob through the registry and throws the bytes away, counting them (a full warm-up
// makes ACR fetch and keep the layers; the app needs none of them). Streams, so a large layer
// costs no memory; checks the digest so a truncated or wrong body is not reported as warmed.
// ACR answers blob GETs with a redirect to storage: it is followed by hand, and the bearer token
// goes only to the registry's own origin, never to the redirect target (as docker does).
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AppError } from '../app-error.ts';

export interface BlobPullOptions {
  readonly tlsCa?: string;
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytes: number) => void;
}

const MAX_REDIRECTS = 5;

function get(url: URL, headers: Record<string, string>, options: BlobPullOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null;
    if (!send) return reject(new AppError('azure-error', `A blob redirect went to ${url.protocol}, which the app does not follow.`));
    const req = send(url, { method: 'GET', headers, ...(options.tlsCa && url.protocol === 'https:' ? { ca: options.tlsCa } : {}), ...(options.signal ? { signal: options.signal } : {}) }, resolve);
    req.once('error', reject);
    req.end();
  });
}

/** Bytes pulled; throws with the status when the registry refuses or the digest does not match. */
export async function pullBlob(url: string, accessToken: string, digest: string, options: BlobPullOptions = {}): Promise<number> {
  const origin = new URL(url).origin;
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = target.origin === origin ? { authorization: `Bearer ${accessToken}` } : {};
    const response = await get(target, headers, options);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= MAX_REDIRECTS) throw new AppError('azure-error', `The registry redirected the blob ${digest} more than ${MAX_REDIRECTS} times.`);
      target = new URL(response.headers.location, target);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw Object.assign(new AppError('azure-error', `The registry answered HTTP ${status} for layer ${digest}.`), { status });
    }
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onBytes?.(chunk.length);
    }
    if (digest.startsWith('sha256:') && `sha256:${hash.digest('hex')}` !== digest) {
      throw new AppError('azure-error', `Layer ${digest} arrived with other content (${bytes} bytes); it was not counted as warmed.`);
    }
    return bytes;
  }
}
