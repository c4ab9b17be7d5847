// SDK and network failures → AppError with the plain explanation from core/arm-errors.ts.
import { isRestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { explainArmError, type ArmErrorInput } from '../../core/arm-errors.ts';
import { AppError } from '../app-error.ts';

interface CapturedError {
  code?: string;
  message?: string;
}

// Some SDK paths (paged lists) throw a RestError that keeps the status and code but replaces
// ARM's message with "Pagination failed with unexpected statusCode 404". This policy keeps the
// error body of every failed response, keyed by its request, so the message reaches the user.
const errorBodies = new WeakMap<object, CapturedError>();

export const errorBodyPolicy: PipelinePolicy = {
  name: 'acrCacheStudioErrorBody',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status >= 400 && response.bodyAsText) {
      try {
        const body = JSON.parse(response.bodyAsText) as { error?: { code?: unknown; message?: unknown } };
        const code = typeof body.error?.code === 'string' ? body.error.code : undefined;
        const message = typeof body.error?.message === 'string' ? body.error.message : undefined;
        if (code || message) errorBodies.set(request, { ...(code ? { code } : {}), ...(message ? { message } : {}) });
      } catch {
        // not an ARM error body
      }
    }
    return response;
  },
};

const LRO_FAILED = /^The long-running operation has failed(?:\.\s+([^.\s]+)\.\s+([\s\S]*))?$/;

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  for (let depth = 0; current && depth < 6; depth++) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The facts an explanation needs, from whatever the SDK, the LRO poller or Node threw. */
export function armErrorFacts(err: unknown): ArmErrorInput {
  for (const item of causeChain(err)) {
    if (item instanceof AppError) return { code: item.code, message: item.message };
  }
  if (isRestError(err)) {
    const details = (err.details as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const captured = err.request ? errorBodies.get(err.request) : undefined;
    const code = typeof details?.code === 'string' ? details.code : (captured?.code ?? err.code);
    const message = typeof details?.message === 'string' ? details.message : (captured?.message ?? err.message);
    // Network failures surface as RestError REQUEST_SEND_ERROR with the Node error as cause or in the message.
    if (err.statusCode === undefined) {
      const nodeCode = causeChain(err)
        .map((c) => (c as { code?: unknown }).code)
        .find((c): c is string => typeof c === 'string' && c !== err.code);
      return { code: nodeCode ?? code ?? null, message };
    }
    // An error answer to a poll of a long-running operation (Location polling) is the operation failing.
    const polled = /\/(operationStatuses|operationResults)\//i.test(err.request?.url ?? '');
    return { code: code ?? null, status: err.statusCode, message, ...(polled ? { operationFailed: true } : {}) };
  }
  if (err instanceof Error) {
    if (err.name === 'AbortError') return { code: 'AbortError', message: err.message };
    const lro = LRO_FAILED.exec(err.message);
    if (lro) return { operationFailed: true, code: lro[1] ?? null, message: lro[2] ?? null };
    if (err.message === 'Operation was canceled') return { operationFailed: true, code: 'Canceled', message: 'Azure canceled the operation.' };
    const nodeCode = (err as { code?: unknown }).code;
    if (typeof nodeCode === 'string') return { code: nodeCode, message: err.message };
    return { message: err.message };
  }
  return { message: String(err) };
}

export function toAzureAppError(err: unknown, context: { subject?: string; action?: string } = {}): AppError {
  // Our own errors (sign-in required, invalid input) already say what to do.
  for (const item of causeChain(err)) {
    if (item instanceof AppError) return item;
  }
  const facts = armErrorFacts(err);
  const explained = explainArmError({ ...facts, subject: context.subject ?? null, action: context.action ?? null });
  return new AppError(explained.kind, explained.message, { cause: err });
}
