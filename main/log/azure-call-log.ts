// One log line per Azure Resource Manager call: method, path (no query: skip tokens and
// api-versions only add noise), outcome, duration and the ids Azure support asks for — the
// service's `x-ms-request-id` and `x-ms-correlation-request-id`, and the client's own request id
// (sent as `x-ms-client-request-id`, useful when no answer came). Headers and bodies are never
// logged, so neither is the Authorization header or a token.
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { appLog, type LogSink } from './app-log.ts';

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(unparsable url)';
  }
}

export function azureCallLogPolicy(log: LogSink = appLog): PipelinePolicy {
  return {
    name: 'acrCacheStudioCallLog',
    async sendRequest(request, next) {
      const started = Date.now();
      const what = `azure ${request.method} ${pathOf(request.url)}`;
      try {
        const response = await next(request);
        const ids = [
          `request-id=${response.headers.get('x-ms-request-id') ?? '-'}`,
          `correlation-id=${response.headers.get('x-ms-correlation-request-id') ?? '-'}`,
          `client-request-id=${request.requestId}`,
        ].join(' ');
        const line = `${what} → ${response.status} in ${Date.now() - started} ms ${ids}`;
        if (response.status >= 400) log.warn(line);
        else log.info(line);
        return response;
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown };
        log.warn(`${what} → failed in ${Date.now() - started} ms (${typeof e.code === 'string' ? e.code : 'no answer'}: ${typeof e.message === 'string' ? e.message.slice(0, 300) : String(error)}) client-request-id=${request.requestId}`);
        throw error;
      }
    },
  };
}
