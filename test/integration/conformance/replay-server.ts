// Plays recorded Azure exchanges back, byte for byte: each "METHOD path" key answers its recorded
// responses in order (the last one repeats), with `https://management.azure.com` in headers
// pointed at this server so the client's long-running-operation polls come back here. Anything the
// recording does not hold answers 599, so a client that asks for something else fails loudly.
import type { Recorded, Script } from '../../fixtures/azure-recorded/recorded-exchanges.ts';
import type { TestCertificate } from '../../emulators/certs.ts';
import { startHttpsServer } from '../../emulators/https-server.ts';

export interface ReplayServer {
  readonly url: string;
  /** Swaps in the exchanges of the next phase (and forgets what was asked). */
  play(script: Script): void;
  /** Keys asked for, in order, and requests the script had no answer for. */
  readonly asked: string[];
  readonly unmatched: string[];
  /** Keys of the current script the client never asked for. */
  unasked(): string[];
  close(): Promise<void>;
}

const MGMT = 'https://management.azure.com';

export async function startReplayServer(cert: TestCertificate, options: { rewriteHost?: string } = {}): Promise<ReplayServer> {
  let script: Script = {};
  let served = new Map<string, number>();
  const asked: string[] = [];
  const unmatched: string[] = [];
  let base = '';
  const server = await startHttpsServer(cert, (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const key = `${(req.method ?? 'GET').toUpperCase()} ${decodeURIComponent(url.pathname)}`;
    const answers = script[key];
    if (!answers?.length) {
      unmatched.push(key);
      res.writeHead(599, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotInRecording', message: `The recording holds no answer for ${key}.` } }));
      return;
    }
    asked.push(key);
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const answer: Recorded = answers[Math.min(n, answers.length - 1)]!;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name] = value.split(MGMT).join(options.rewriteHost ?? base);
    if (answer.body && !headers['content-type']) headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(answer.status, headers);
    res.end(answer.body || undefined);
  });
  base = server.url;
  return {
    url: server.url,
    play(next) {
      script = next;
      served = new Map();
      asked.length = 0;
      unmatched.length = 0;
    },
    asked,
    unmatched,
    unasked: () => Object.keys(script).filter((key) => !served.has(key)),
    close: () => server.close(),
  };
}
