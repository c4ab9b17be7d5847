// HTTP policies of the Azure client an apply writes through. The SDK's own retries are off there
// (APPLY_RETRY_OPTIONS) so that every throttled WRITE reaches the executor, which paces all
// writers together. Reads are another matter: a GET (an LRO status poll, the final GET of a
// poller, a read-back) changes nothing, so retrying it here is always safe, and it must be
// retried here: when a poll failed, the poller used to reject, the executor re-sent the write,
// met `409 AnotherOperationInProgress` and reported a failure although Azure had applied it.
// ARM counts reads in their own bucket (250, 25/s; shared/notes/arm-throttling.md), so a
// throttled poll says nothing about the write budget and does not slow the writers.
import { RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';

export interface ReadRetryOptions {
  /** Attempts per GET, the first included (default 8). */
  maxAttempts?: number;
  /** First back-off when the answer has no Retry-After (default 500 ms, doubling). */
  baseDelayMs?: number;
  /** Longest wait between two attempts, Retry-After included (default 60 s). */
  maxDelayMs?: number;
}

export interface ApplyPipelineOptions {
  readRetry?: ReadRetryOptions;
  /**
   * No answer within this many ms fails the request as `ETIMEDOUT` (default 60 s): a write that
   * never answers becomes a known outcome the executor reconciles (read back, then retry or fail).
   */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Answers worth another GET: throttled, or a server-side failure that may pass. */
function transientStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Retry-After (seconds or HTTP date) or retry-after-ms of an answer, in ms. */
export function retryAfterOf(response: Pick<PipelineResponse, 'headers'>): number | null {
  const ms = response.headers.get('retry-after-ms') ?? response.headers.get('x-ms-retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = response.headers.get('retry-after');
  if (!value) return null;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function wait(ms: number, request: PipelineRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const signal = request.abortSignal;
    if (signal?.aborted) return reject(new Error('The request was aborted.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('The request was aborted.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** GETs only: retried on 429/408/5xx and on a dropped connection, honouring Retry-After. */
export function readRetryPolicy(options: ReadRetryOptions = {}): PipelinePolicy {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 60_000;
  return {
    name: 'acrCacheStudioReadRetry',
    async sendRequest(request, next) {
      if (request.method !== 'GET') return next(request);
      for (let attempt = 1; ; attempt++) {
        const backoff = Math.min(cap, base * 2 ** (attempt - 1));
        try {
          const response = await next(request);
          if (!transientStatus(response.status) || attempt >= maxAttempts) return response;
          await wait(Math.min(cap, retryAfterOf(response) ?? backoff), request);
        } catch (error) {
          if (request.abortSignal?.aborted || attempt >= maxAttempts) throw error;
          // a RestError without a status is a failure to send or to receive: nothing was answered
          if (!(error instanceof RestError) || error.statusCode !== undefined) throw error;
          await wait(backoff, request);
        }
      }
    },
  };
}

/** Every request gets an answer or an `ETIMEDOUT` error within `timeoutMs`. */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'acrCacheStudioRequestTimeout',
    async sendRequest(request, next) {
      // The HTTP client aborts a request whose `timeout` elapsed with an AbortError, which looks
      // like a cancel; told apart here by the caller's own signal, and named for what it is.
      if (!request.timeout || request.timeout > timeoutMs) request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (error) {
        const aborted = error instanceof Error && error.name === 'AbortError';
        if (aborted && !request.abortSignal?.aborted) {
          throw new RestError(`Azure did not answer ${request.method} within ${Math.round(timeoutMs / 1000)} s.`, { code: 'ETIMEDOUT', request });
        }
        throw error;
      }
    },
  };
}

export function applyPipelinePolicies(options: ApplyPipelineOptions = {}): PipelinePolicy[] {
  // retry outside, timeout inside: a GET that timed out is tried again
  return [readRetryPolicy(options.readRetry), requestTimeoutPolicy(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)];
}

// The write budget's policy lives in rate-budget.ts; re-exported for the callers that wire it here.
export { RateBudget } from './rate-budget.ts';
