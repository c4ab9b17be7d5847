// msal-node's HTTP client, on node:https so that a custom CA (tests: the emulators' certificate;
// some companies: a TLS-inspecting proxy's root) can be trusted per client, exactly like the
// Azure SDK's `tlsOptions.ca`. msal-node's default client uses global fetch, which takes neither.
import https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { appLog } from '../log/app-log.ts';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class TlsNetworkClient implements INetworkModule {
  private readonly agent: https.Agent;

  constructor(options: { ca?: string | string[] } = {}) {
    this.agent = options.ca ? new https.Agent({ ca: options.ca, keepAlive: true }) : new https.Agent({ keepAlive: true });
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options, 60_000);
  }

  destroy(): void {
    this.agent.destroy();
  }

  private send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}, timeout?: number): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') {
        reject(new Error(`Refusing to send a sign-in request over ${target.protocol} (${target.host}).`));
        return;
      }
      const body = method === 'POST' ? (options.body ?? '') : undefined;
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const request = https.request(target, { method, agent: this.agent, headers, timeout }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error(`The answer of ${target.host} is larger than ${MAX_BODY_BYTES} bytes.`));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          // the outcome and Entra's request ids go to the app log; bodies (tokens) never do
          const status = response.statusCode ?? 0;
          (status >= 400 ? appLog.warn : appLog.info)(`entra ${method} ${target.host}${target.pathname} → ${status} request-id=${responseHeaders['x-ms-request-id'] ?? '-'} client-request-id=${responseHeaders['client-request-id'] ?? '-'}`);
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            reject(new Error(`${target.host} answered ${method} ${target.pathname} with HTTP ${response.statusCode ?? '?'} and a body that is not JSON.`));
            return;
          }
          resolve({ headers: responseHeaders, body: parsed as T, status: response.statusCode ?? 0 });
        });
      });
      request.on('timeout', () => request.destroy(new Error(`${target.host} did not answer within ${Math.round((timeout ?? 0) / 1000)} s.`)));
      request.on('error', reject);
      request.end(body);
    });
  }
}
